namespace SeccompRecorder.Handover;

/// <summary>
/// How this daemon hands over and takes over: the runtime socket it passes on (the successor must be configured for
/// the same path), whether it starts by taking over (<c>--takeover</c>), and whether it keeps its fds in systemd's fd
/// store (<c>--fd-store</c>).
/// </summary>
internal sealed record HandoverSettings(string RuntimeSocketPath, bool Takeover, bool FdStore)
{
    /// <summary>Where a successor asks this daemon to hand over: next to the runtime socket.</summary>
    public string TakeoverSocket => RuntimeSocketPath + ".takeover";
}
