using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Recording;

/// <summary>One (arch, nr) of one container. <see cref="Name"/> is null for a number the arch's table does not know.</summary>
internal sealed record SyscallSnapshot(
    SyscallArch Arch,
    string ArchName,
    long Nr,
    string? Name,
    long Count,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen);
