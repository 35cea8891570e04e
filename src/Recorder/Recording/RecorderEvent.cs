using SeccompRecorder.Recording.Paths;

namespace SeccompRecorder.Recording;

/// <summary>
/// Something readers may want to watch. <see cref="Syscall"/> is set for <see cref="RecorderEventKind.SyscallFirstSeen"/>
/// and <see cref="RecorderEventKind.Violation"/>; <see cref="Detail"/> says why for <see cref="RecorderEventKind.Rejected"/>
/// (whose <see cref="ContainerId"/> is empty when the message named none, and whose <see cref="Run"/> is 0);
/// <see cref="Path"/> for <see cref="RecorderEventKind.PathSeen"/>, with <see cref="Syscall"/>.
/// </summary>
internal sealed record RecorderEvent(
    RecorderEventKind Kind,
    DateTimeOffset Time,
    string ContainerId,
    int Pid,
    SyscallSnapshot? Syscall,
    int Run = 1,
    string? Detail = null,
    PathCount? Path = null);
