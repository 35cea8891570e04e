using SeccompRecorder.Recording.Paths;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Recording;

/// <summary>An event as the notify or agent path raises it: no strings, no wall clock (a path is its kept bytes); the pump turns it into a <see cref="RecorderEvent"/>.</summary>
internal readonly record struct PendingEvent(
    RecorderEventKind Kind,
    ContainerRecording Container,
    int Pid,
    SyscallArch Arch,
    uint AuditArch,
    int Nr,
    long Ticks,
    PathEntry? Path = null);
