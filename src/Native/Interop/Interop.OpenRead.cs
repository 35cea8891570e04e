using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// <fcntl.h> open over a caller's NUL-terminated bytes: reading /proc on a notify thread marshals no string.
internal static partial class Interop
{
    // int open(const char *pathname, int flags, ...); no mode: O_CREAT is never passed here.
    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true)]
    internal static unsafe partial int open_bytes(byte* pathname, int flags);
}
