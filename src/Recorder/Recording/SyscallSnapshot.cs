using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Recording;

/// <summary>
/// One (arch, nr) of one container. <see cref="Name"/> is null for a number the arch's table does not know.
/// <see cref="Denied"/> of <see cref="Count"/> calls were answered with an errno (violations).
/// </summary>
internal sealed record SyscallSnapshot(
    SyscallArch Arch,
    string ArchName,
    long Nr,
    string? Name,
    long Count,
    long Denied,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen);
