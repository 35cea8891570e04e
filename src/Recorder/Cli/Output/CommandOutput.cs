namespace SeccompRecorder.Cli.Output;

/// <summary>Writes rendered text and flushes it, so a pipe reader sees each piece as soon as it is complete.</summary>
internal static class CommandOutput
{
    public static async Task WriteAsync(TextWriter output, string text)
    {
        await output.WriteAsync(text).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }
}
