using System.Runtime.CompilerServices;

namespace SeccompRecorder.Native;

/// <summary>ioctl(2) with EINTR retried here and nowhere else, and errno read once, straight after the call.</summary>
internal static class IoctlCall
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe int Invoke(int fd, nuint request, void* argument, out Errno errno)
    {
        while (true)
        {
            int result = Interop.ioctl(fd, request, argument);
            if (result >= 0)
            {
                errno = Errno.SUCCESS;
                return result;
            }

            errno = Interop.LastErrno();
            if (errno != Errno.EINTR)
            {
                return result;
            }
        }
    }
}
