namespace SeccompRecorder.Policy;

internal static class ModeNames
{
    public static string Name(PolicyMode mode) => mode switch
    {
        PolicyMode.Record => "record",
        PolicyMode.Log => "log",
        PolicyMode.Stop => "stop",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    public static bool TryParse(string text, out PolicyMode mode)
    {
        (bool ok, mode) = text.Trim().ToLowerInvariant() switch
        {
            "record" => (true, PolicyMode.Record),
            "log" => (true, PolicyMode.Log),
            "stop" => (true, PolicyMode.Stop),
            _ => (false, PolicyMode.Log),
        };
        return ok;
    }
}
