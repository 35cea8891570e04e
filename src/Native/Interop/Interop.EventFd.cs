using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// <sys/eventfd.h>, <unistd.h>
internal static partial class Interop
{
    internal const int EFD_NONBLOCK = 0x800;
    internal const int EFD_CLOEXEC = 0x80000;

    // int eventfd(unsigned int initval, int flags);
    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int eventfd(uint initval, int flags);

    // ssize_t write(int fd, const void *buf, size_t count);
    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial nint write(int fd, void* buf, nuint count);

    // ssize_t read(int fd, void *buf, size_t count);
    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial nint read(int fd, void* buf, nuint count);
}
