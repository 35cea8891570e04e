using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// <sys/mman.h> memfd_create, <fcntl.h> file seals and fd flags
internal static partial class Interop
{
    internal const uint MFD_CLOEXEC = 0x1;
    internal const uint MFD_ALLOW_SEALING = 0x2;

    internal const int F_GETFD = 1;
    internal const int F_SETFD = 2;
    internal const int FD_CLOEXEC = 1;
    internal const int F_ADD_SEALS = 1033;
    internal const int F_SEAL_SEAL = 0x1;
    internal const int F_SEAL_SHRINK = 0x2;
    internal const int F_SEAL_GROW = 0x4;
    internal const int F_SEAL_WRITE = 0x8;

    // int memfd_create(const char *name, unsigned int flags);
    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int memfd_create(string name, uint flags);

    // int fcntl(int fd, int cmd, ... /* int arg */); every command used here takes an int, which the LP64 SysV and
    // AAPCS64 Linux ABIs pass to a variadic function exactly as to a fixed one.
    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int fcntl(int fd, int cmd, int arg);
}
