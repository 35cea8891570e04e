namespace SeccompRecorder.Notify;

/// <summary>The names of <see cref="NotifyWait"/> on the command line and in logs: auto, recv, poll.</summary>
internal static class NotifyWaitNames
{
    public static string Name(NotifyWait wait) => wait switch
    {
        NotifyWait.Receive => "recv",
        NotifyWait.Poll => "poll",
        _ => "auto",
    };

    public static bool TryParse(string? text, out NotifyWait wait)
    {
        wait = text switch
        {
            "auto" => NotifyWait.Auto,
            "recv" => NotifyWait.Receive,
            "poll" => NotifyWait.Poll,
            _ => (NotifyWait)(-1),
        };
        return Enum.IsDefined(wait);
    }
}
