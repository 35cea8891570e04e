using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Recording.Executables;

/// <summary>One (arch, nr) as one executable of a container made it: <see cref="Denied"/> of <see cref="Count"/> answered with an errno.</summary>
internal sealed record ExecutableSyscall(SyscallArch Arch, string ArchName, long Nr, string? Name, long Count, long Denied);
