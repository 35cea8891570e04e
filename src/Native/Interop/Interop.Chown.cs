using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// <unistd.h>
internal static partial class Interop
{
    // int lchown(const char *pathname, uid_t owner, gid_t group); (uid_t)-1 leaves that id unchanged.
    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int lchown(string pathname, uint owner, uint group);
}
