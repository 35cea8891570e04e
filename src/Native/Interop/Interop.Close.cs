using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

internal static partial class Interop
{
    // int close(int fd);
    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int close(int fd);
}
