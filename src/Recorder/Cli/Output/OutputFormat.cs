namespace SeccompRecorder.Cli.Output;

/// <summary>--output: aligned text for people, JSON for scripts.</summary>
internal enum OutputFormat
{
    Table,
    Json,
}
