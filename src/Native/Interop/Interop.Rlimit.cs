using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// <sys/resource.h>
internal static partial class Interop
{
    internal const int RLIMIT_NOFILE = 7;

    [StructLayout(LayoutKind.Sequential)]
    internal struct rlimit
    {
        public ulong rlim_cur;
        public ulong rlim_max;
    }

    // int getrlimit(int resource, struct rlimit *rlim);
    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial int getrlimit(int resource, rlimit* rlim);
}
