namespace SeccompRecorder.Cli.Output;

/// <summary>
/// How a container's notified syscalls are answered. <see cref="Mode"/> is "record", "log", "stop" or "unknown";
/// each source is "default", "metadata", "annotation" or "unknown". <see cref="ErrnoName"/> is null for a number
/// without a name, <see cref="Grace"/> null when the daemon sent none (or one no TimeSpan can hold).
/// </summary>
internal sealed record PolicyView(
    string Mode,
    string ModeSource,
    int Errno,
    string? ErrnoName,
    string ErrnoSource,
    TimeSpan? Grace,
    string GraceSource,
    bool SourceAnswers = false);
