using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// <sys/socket.h>, <sys/un.h>, <unistd.h>: creating a listening AF_UNIX socket without .NET's Socket, which unlinks the
// path it bound when disposed (and so would delete a socket file another process now serves).
internal static partial class Interop
{
    internal const int AF_UNIX = 1;
    internal const int SOCK_STREAM = 1;
    internal const int SOCK_SEQPACKET = 5;
    internal const int SOCK_CLOEXEC = 0x80000;

    /// <summary>sizeof(sun_path): the longest path, including its terminating NUL.</summary>
    internal const int SunPathLength = 108;

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct sockaddr_un
    {
        public ushort sun_family;
        public fixed byte sun_path[SunPathLength];
    }

    // int socket(int domain, int type, int protocol);
    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int socket(int domain, int type, int protocol);

    // int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);
    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial int bind(int sockfd, sockaddr_un* addr, uint addrlen);

    // int listen(int sockfd, int backlog);
    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int listen(int sockfd, int backlog);

    // uid_t geteuid(void); always succeeds.
    [LibraryImport(Libc)]
    internal static partial uint geteuid();
}
