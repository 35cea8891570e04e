using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// openat2(2) and <linux/openat2.h>: glibc 2.36 has no wrapper; the number is from the unified table (the same on
// x86_64 and arm64). The O_* values used here are the same on both (the ones that differ, O_DIRECTORY and O_NOFOLLOW,
// are not needed: RESOLVE_NO_SYMLINKS refuses a final symlink too).
internal static partial class Interop
{
    internal const long SYS_openat2 = 437;

    internal const ulong O_RDONLY = 0;
    internal const ulong O_NOCTTY = 0x100;
    internal const ulong O_NONBLOCK = 0x800;
    internal const ulong O_PATH = 0x200000;

    internal const ulong RESOLVE_NO_XDEV = 0x01;
    internal const ulong RESOLVE_NO_MAGICLINKS = 0x02;
    internal const ulong RESOLVE_NO_SYMLINKS = 0x04;
    internal const ulong RESOLVE_BENEATH = 0x08;
    internal const ulong RESOLVE_IN_ROOT = 0x10;

    internal const uint STATX_UID = 0x8;
    internal const uint STATX_SIZE = 0x200;
    internal const ushort S_IFREG = 0x8000;

    // struct open_how { __u64 flags; __u64 mode; __u64 resolve; }: 24 bytes, the size openat2 is told.
    [StructLayout(LayoutKind.Sequential)]
    internal struct open_how
    {
        public ulong flags;
        public ulong mode;
        public ulong resolve;
    }
}
