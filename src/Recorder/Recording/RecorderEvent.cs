namespace SeccompRecorder.Recording;

/// <summary>Something readers may want to watch. <see cref="Syscall"/> is set for <see cref="RecorderEventKind.SyscallFirstSeen"/>.</summary>
internal sealed record RecorderEvent(
    RecorderEventKind Kind,
    DateTimeOffset Time,
    string ContainerId,
    int Pid,
    SyscallSnapshot? Syscall);
