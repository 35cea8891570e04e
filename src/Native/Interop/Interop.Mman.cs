using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// <sys/mman.h>, <unistd.h>
internal static partial class Interop
{
    internal const int PROT_READ = 0x1;
    internal const int PROT_WRITE = 0x2;
    internal const int MAP_SHARED = 0x01;
    internal static readonly nint MAP_FAILED = -1;

    // void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial void* mmap(void* addr, nuint length, int prot, int flags, int fd, long offset);

    // int ftruncate(int fd, off_t length);
    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int ftruncate(int fd, long length);
}
