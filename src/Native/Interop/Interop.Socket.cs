using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// <sys/socket.h>, <sys/uio.h>. msghdr and cmsghdr as glibc lays them out on LP64 Linux.
internal static partial class Interop
{
    internal const int SOL_SOCKET = 1;
    internal const int SCM_RIGHTS = 1;
    internal const int SO_PEERCRED = 17;

    internal const int MSG_CTRUNC = 0x8;
    internal const int MSG_TRUNC = 0x20;
    internal const int MSG_DONTWAIT = 0x40;
    internal const int MSG_NOSIGNAL = 0x4000;
    internal const int MSG_CMSG_CLOEXEC = 0x40000000;

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct iovec
    {
        public void* iov_base;
        public nuint iov_len;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct msghdr
    {
        public void* msg_name;
        public uint msg_namelen;
        public iovec* msg_iov;
        public nuint msg_iovlen;
        public void* msg_control;
        public nuint msg_controllen;
        public int msg_flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct cmsghdr
    {
        public nuint cmsg_len;
        public int cmsg_level;
        public int cmsg_type;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ucred
    {
        public int pid;
        public uint uid;
        public uint gid;
    }

    // ssize_t recvmsg(int sockfd, struct msghdr *msg, int flags);
    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial nint recvmsg(int sockfd, msghdr* msg, int flags);

    // ssize_t sendmsg(int sockfd, const struct msghdr *msg, int flags);
    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial nint sendmsg(int sockfd, msghdr* msg, int flags);

    // int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen);
    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial int getsockopt(int sockfd, int level, int optname, void* optval, uint* optlen);

    // CMSG_ALIGN, CMSG_SPACE, CMSG_LEN from <bits/socket.h>: payloads are aligned to sizeof(size_t).
    internal static int CMSG_ALIGN(int length) => (length + nint.Size - 1) & ~(nint.Size - 1);

    internal static unsafe int CMSG_SPACE(int length) => CMSG_ALIGN(sizeof(cmsghdr)) + CMSG_ALIGN(length);

    internal static unsafe int CMSG_LEN(int length) => CMSG_ALIGN(sizeof(cmsghdr)) + length;
}
