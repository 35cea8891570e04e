using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// <poll.h>
internal static partial class Interop
{
    internal const short POLLIN = 0x001;
    internal const short POLLERR = 0x008;
    internal const short POLLHUP = 0x010;
    internal const short POLLNVAL = 0x020;

    [StructLayout(LayoutKind.Sequential)]
    internal struct pollfd
    {
        public int fd;
        public short events;
        public short revents;
    }

    // int poll(struct pollfd *fds, nfds_t nfds, int timeout);
    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial int poll(pollfd* fds, nuint nfds, int timeout);
}
