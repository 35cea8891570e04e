namespace SeccompRecorder.Policy;

internal static class ModeNames
{
    /// <summary>For messages: every name <see cref="TryParse"/> takes.</summary>
    public const string All = "record, audit, log or stop";

    public static string Name(PolicyMode mode) => mode switch
    {
        PolicyMode.Record => "record",
        PolicyMode.Log => "log",
        PolicyMode.Stop => "stop",
        PolicyMode.Audit => "audit",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    public static bool TryParse(string text, out PolicyMode mode)
    {
        (bool ok, mode) = text.Trim().ToLowerInvariant() switch
        {
            "record" => (true, PolicyMode.Record),
            "log" => (true, PolicyMode.Log),
            "stop" => (true, PolicyMode.Stop),
            "audit" => (true, PolicyMode.Audit),
            _ => (false, PolicyMode.Log),
        };
        return ok;
    }
}
