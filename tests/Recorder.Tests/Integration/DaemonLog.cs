namespace SeccompRecorder.Tests.Integration;

/// <summary>Reading a daemon's console log in tests: its error and critical lines.</summary>
internal static class DaemonLog
{
    /// <summary>The lines logged at Error ("fail:") or Critical ("crit:") that contain none of <paramref name="allowed"/>.</summary>
    public static string[] Errors(string log, IEnumerable<string> allowed) =>
        [.. log.Split('\n').Where(line => (line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal))
            && !allowed.Any(a => line.Contains(a, StringComparison.Ordinal)))];

    /// <summary>Throws with the unexpected lines, so a test fails when its daemon logged an error it did not provoke.</summary>
    public static void ThrowOnErrors(string who, string log, IEnumerable<string> allowed)
    {
        if (Errors(log, allowed) is { Length: > 0 } errors)
        {
            throw new InvalidOperationException(
                $"{who} logged errors the test did not expect (AllowErrors names expected ones; if the test failed otherwise too, its log holds why):\n{string.Join('\n', errors)}");
        }
    }
}
