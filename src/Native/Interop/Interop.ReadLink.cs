using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// <unistd.h>
internal static partial class Interop
{
    // ssize_t readlink(const char *pathname, char *buf, size_t bufsiz);
    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial nint readlink(byte* pathname, byte* buf, nuint bufsiz);
}
