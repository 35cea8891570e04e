using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// <linux/seccomp.h>. Layouts are identical on x86_64 and arm64; SeccompAbiTests compares them with a compiled C probe
// and Seccomp.KernelSizes with what the running kernel reports.
internal static partial class Interop
{
    internal const uint SECCOMP_GET_NOTIF_SIZES = 3;

    internal const nuint SECCOMP_IOCTL_NOTIF_RECV = 0xC0502100;      // _IOWR('!', 0, struct seccomp_notif)
    internal const nuint SECCOMP_IOCTL_NOTIF_SEND = 0xC0182101;      // _IOWR('!', 1, struct seccomp_notif_resp)
    internal const nuint SECCOMP_IOCTL_NOTIF_ID_VALID = 0x40082102;  // _IOW('!', 2, __u64); 5.0-5.6 used _IOR, still accepted
    internal const nuint SECCOMP_IOCTL_NOTIF_SET_FLAGS = 0x40082104; // _IOW('!', 4, __u64), Linux 6.6+

    internal const uint SECCOMP_USER_NOTIF_FLAG_CONTINUE = 1;
    internal const ulong SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP = 1;

    [StructLayout(LayoutKind.Sequential)]
    internal struct seccomp_data
    {
        public int nr;
        public uint arch;
        public ulong instruction_pointer;
        public seccomp_args args;
    }

    [InlineArray(6)]
    internal struct seccomp_args
    {
        private ulong _element0;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct seccomp_notif
    {
        public ulong id;
        public uint pid;
        public uint flags;
        public seccomp_data data;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct seccomp_notif_resp
    {
        public ulong id;
        public long val;
        public int error;
        public uint flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct seccomp_notif_sizes
    {
        public ushort seccomp_notif;
        public ushort seccomp_notif_resp;
        public ushort seccomp_data;
    }

    // glibc has no seccomp() wrapper: it is reached through syscall(2).
    internal static long SYS_seccomp => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 317,
        Architecture.Arm64 => 277,
        var other => throw new PlatformNotSupportedException($"seccomp syscall number unknown for {other}"),
    };

    // long syscall(long number, ...); the variadic arguments are passed like fixed ones on x86_64 and arm64 Linux.
    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true)]
    internal static unsafe partial long syscall3(long number, nint arg1, nint arg2, nint arg3);

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true)]
    internal static unsafe partial long syscall4(long number, nint arg1, nint arg2, nint arg3, nint arg4);

    // int ioctl(int fd, unsigned long request, ...);
    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial int ioctl(int fd, nuint request, void* arg);
}
