using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// <sys/stat.h>
internal static partial class Interop
{
    // mode_t umask(mode_t mask); always succeeds.
    [LibraryImport(Libc)]
    internal static partial uint umask(uint mask);
}
