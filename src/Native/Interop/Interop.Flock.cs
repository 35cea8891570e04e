using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// <sys/file.h> flock, <fcntl.h> open
internal static partial class Interop
{
    internal const int LOCK_SH = 1;
    internal const int LOCK_EX = 2;
    internal const int LOCK_NB = 4;
    internal const int LOCK_UN = 8;

    // The same values on x86_64 and aarch64 (O_NOFOLLOW, which differs, is not used).
    internal const int O_RDWR = 0x2;
    internal const int O_CREAT = 0x40;
    internal const int O_CLOEXEC = 0x80000;

    // int open(const char *pathname, int flags, ... /* mode_t mode */); mode_t is an unsigned int, which the LP64
    // SysV and AAPCS64 Linux ABIs pass to a variadic function exactly as to a fixed one (as fcntl's int).
    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string pathname, int flags, uint mode);

    // int flock(int fd, int operation);
    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int flock(int fd, int operation);
}
