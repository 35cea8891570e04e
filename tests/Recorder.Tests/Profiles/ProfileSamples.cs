using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Tests.Profiles;

/// <summary>Recordings with everything a profile has to decide about: two archs, unknown numbers, denied calls.</summary>
internal static class ProfileSamples
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 22, 7, 0, 0, TimeSpan.Zero);

    /// <summary>What a recording under the template knows: every call was notified, none allowed silently.</summary>
    public static SyscallCoverage NothingSilent { get; } = new(null, [new ArchCoverage("x86_64", ["read", "execve", "chroot", "mkdir", "swapoff"], [], [])]);

    /// <summary>A narrow notify profile's: open and mkdir notified, brk and mmap let through, chroot denied by the filter.</summary>
    public static SyscallCoverage Narrow { get; } = new(null,
    [
        new ArchCoverage("x86_64", ["mkdir", "open"], ["brk", "mmap", "write"], ["chroot"]),
        new ArchCoverage("x86", ["mkdir", "open"], ["brk", "mmap2", "write"], ["chroot"]),
    ]);

    /// <summary>x86_64 and i386 calls; an unknown x86_64 number; chroot denied every time.</summary>
    public static ContainerSnapshot Web { get; } = Container(
        "Web_1",
        Syscall(SyscallArch.X86_64, 0, "read", 10, 0),
        Syscall(SyscallArch.X86_64, 59, "execve", 1, 0),
        Syscall(SyscallArch.X86_64, 161, "chroot", 3, 3),
        Syscall(SyscallArch.X86_64, 999, null, 2, 0),
        Syscall(SyscallArch.X86, 20, "getpid", 4, 0));

    /// <summary>swapoff denied every time here but allowed in <see cref="Mixed"/>; mkdir; an unknown arch.</summary>
    public static ContainerSnapshot Worker { get; } = Container(
        "worker",
        Syscall(SyscallArch.X86_64, 83, "mkdir", 1, 0),
        Syscall(SyscallArch.X86_64, 168, "swapoff", 2, 2),
        Syscall(SyscallArch.Unknown, 7, null, 1, 0, "audit:0x12345678"));

    /// <summary>swapoff: one call of three let through (record policy at the time).</summary>
    public static ContainerSnapshot Mixed { get; } = Container(
        "mixed",
        Syscall(SyscallArch.X86_64, 168, "swapoff", 3, 2));

    public static ContainerSnapshot Container(string id, params SyscallSnapshot[] syscalls) =>
        new(id, ContainerLifecycle.Exited, s_t0, s_t0, s_t0, 100, "/tmp/b", "1.0.2-dev", new Dictionary<string, string>(), string.Empty,
            null, string.Empty, 1, 1, 0, syscalls.Sum(s => s.Count), syscalls.Sum(s => s.Denied), EffectivePolicy.FromDefaults(PolicyDefaults.Standard), null, syscalls,
            NothingSilent);

    /// <summary>As log and stop count without expected denials: every denied call a violation.</summary>
    public static SyscallSnapshot Syscall(SyscallArch arch, long nr, string? name, long count, long denied, string? archName = null) =>
        new(arch, archName ?? ArchDecoder.Name(arch), nr, name, count, denied, s_t0, s_t0, Violations: denied);

    /// <summary>An expected denial (issue 16): denied as the source profile answers it, no violation.</summary>
    public static SyscallSnapshot Expected(SyscallArch arch, long nr, string name, long count) =>
        new(arch, ArchDecoder.Name(arch), nr, name, count, count, s_t0, s_t0);
}
