using System.Text;

namespace SeccompRecorder.Native;

/// <summary>
/// A seccomp listener fd (SECCOMP_FILTER_FLAG_NEW_LISTENER). Each method takes one reference on the handle
/// for the duration of the syscall, so a concurrent Dispose cannot close the fd under it.
/// Protocol outcomes are return values; anything unexpected throws <see cref="ErrnoException"/>.
/// </summary>
public sealed class SeccompNotifyFd : IDisposable
{
    private const string ListenerLinkTarget = "anon_inode:seccomp notify";

    public SeccompNotifyFd(SafeFdHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        Handle = handle;
    }

    public SafeFdHandle Handle { get; }

    /// <summary>True when /proc/self/fd/N of <paramref name="fd"/> names a seccomp listener.</summary>
    public static bool IsSeccompListener(SafeFdHandle fd) =>
        string.Equals(FdLinkTarget(fd), ListenerLinkTarget, StringComparison.Ordinal);

    /// <summary>readlink(/proc/self/fd/N), or null if it cannot be read.</summary>
    public static unsafe string? FdLinkTarget(SafeFdHandle fd)
    {
        // readlink(2) truncates silently: a result that fills the buffer may be cut, so retry larger.
        const int MaxTarget = 64 * 1024;
        bool added = false;
        try
        {
            fd.DangerousAddRef(ref added);
            byte* path = stackalloc byte[64];
            int pathLength = Encoding.ASCII.GetBytes($"/proc/self/fd/{fd.DangerousGetHandle().ToInt32()}", new Span<byte>(path, 63));
            path[pathLength] = 0;
            for (int size = 256; size <= MaxTarget; size *= 2)
            {
                byte[] target = new byte[size];
                fixed (byte* buffer = target)
                {
                    nint length = Interop.readlink(path, buffer, (nuint)size);
                    if (length < 0)
                    {
                        return null;
                    }

                    if (length < size)
                    {
                        return Encoding.UTF8.GetString(buffer, (int)length);
                    }
                }
            }

            return null;
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// SECCOMP_IOCTL_NOTIF_SET_FLAGS(SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP): the kernel then wakes the target on the CPU
    /// that answers, which more than triples throughput here. False on kernels before 6.6 (EINVAL/ENOTTY).
    /// </summary>
    public unsafe bool TrySetSyncWakeUp()
    {
        int result = IoctlWithRef(Interop.SECCOMP_IOCTL_NOTIF_SET_FLAGS, (void*)Interop.SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, out Errno errno);
        if (result == 0)
        {
            return true;
        }

        return errno is Errno.EINVAL or Errno.ENOTTY
            ? false
            : throw new ErrnoException(errno, "ioctl(SECCOMP_IOCTL_NOTIF_SET_FLAGS)");
    }

    /// <summary>
    /// Blocks in poll(2) until a notification is pending, the filter's tasks are all gone, or <paramref name="wake"/>
    /// becomes readable. Polling before RECV is what tells "target interrupted" (RECV ENOENT, keep going) from
    /// "filter gone" (POLLHUP; RECV would fail with ENOENT forever).
    /// </summary>
    public unsafe NotifyWaitResult Wait(SafeFdHandle wake)
    {
        bool notifyAdded = false;
        bool wakeAdded = false;
        try
        {
            Handle.DangerousAddRef(ref notifyAdded);
            wake.DangerousAddRef(ref wakeAdded);
            Interop.pollfd* fds = stackalloc Interop.pollfd[2];
            fds[0] = new Interop.pollfd { fd = Handle.DangerousGetHandle().ToInt32(), events = Interop.POLLIN };
            fds[1] = new Interop.pollfd { fd = wake.DangerousGetHandle().ToInt32(), events = Interop.POLLIN };
            while (true)
            {
                int ready = Interop.poll(fds, 2, -1);
                if (ready < 0)
                {
                    Errno errno = Interop.LastErrno();
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    throw new ErrnoException(errno, "poll(seccomp notify fd)");
                }

                NotifyWaitResult result = Classify(fds[0].revents, fds[1].revents);
                if (result != NotifyWaitResult.Pending)
                {
                    return result;
                }
            }
        }
        finally
        {
            if (wakeAdded)
            {
                wake.DangerousRelease();
            }

            if (notifyAdded)
            {
                Handle.DangerousRelease();
            }
        }
    }

    /// <summary>A session for the thread that serves this fd: see <see cref="NotifySession"/>.</summary>
    public NotifySession OpenSession(SafeFdHandle wake) => new(Handle, wake);

    /// <summary>
    /// SECCOMP_IOCTL_NOTIF_RECV into a zeroed buffer of the kernel's size. False on ENOENT: the target was interrupted
    /// (or died) between the wake-up and the receive; the caller polls again.
    /// </summary>
    public unsafe bool TryReceive(out SeccompNotification notification)
    {
        // The kernel rejects a buffer that is not zeroed with EINVAL.
        int size = Seccomp.ReceiveBufferSize;
        byte* buffer = stackalloc byte[size];
        new Span<byte>(buffer, size).Clear();
        int result = IoctlWithRef(Interop.SECCOMP_IOCTL_NOTIF_RECV, buffer, out Errno errno);
        if (result == 0)
        {
            notification = new SeccompNotification(*(Interop.seccomp_notif*)buffer);
            return true;
        }

        notification = default;
        return errno == Errno.ENOENT ? false : throw new ErrnoException(errno, "ioctl(SECCOMP_IOCTL_NOTIF_RECV)");
    }

    /// <summary>Let the syscall run as if no filter had asked (SECCOMP_USER_NOTIF_FLAG_CONTINUE). False if the target is gone.</summary>
    public bool TryContinue(ulong id) => TrySend(id, value: 0, error: 0, Interop.SECCOMP_USER_NOTIF_FLAG_CONTINUE);

    /// <summary>Fail the syscall with <paramref name="errno"/> (a positive errno number). False if the target is gone.</summary>
    public bool TryFail(ulong id, int errno) => TrySend(id, value: 0, error: -errno, flags: 0);

    /// <summary>SECCOMP_IOCTL_NOTIF_ID_VALID: the target is still blocked in the notified syscall.</summary>
    public unsafe bool IsIdValid(ulong id)
    {
        int result = IoctlWithRef(Interop.SECCOMP_IOCTL_NOTIF_ID_VALID, &id, out Errno errno);
        return result == 0 || (errno == Errno.ENOENT ? false : throw new ErrnoException(errno, "ioctl(SECCOMP_IOCTL_NOTIF_ID_VALID)"));
    }

    public void Dispose() => Handle.Dispose();

    /// <summary>
    /// What one poll(2) of (notify, wake) means. The wake fd wins, so a stop is never starved by a busy container; a
    /// pending notification wins over a hang-up (answer it first).
    /// </summary>
    internal static NotifyWaitResult Classify(short notifyEvents, short wakeEvents)
    {
        if (wakeEvents != 0)
        {
            return NotifyWaitResult.Woken;
        }

        if ((notifyEvents & Interop.POLLIN) != 0)
        {
            return NotifyWaitResult.Readable;
        }

        return (notifyEvents & (Interop.POLLHUP | Interop.POLLERR | Interop.POLLNVAL)) != 0
            ? NotifyWaitResult.HungUp
            : NotifyWaitResult.Pending;
    }

    private unsafe bool TrySend(ulong id, long value, int error, uint flags)
    {
        Interop.seccomp_notif_resp response = new() { id = id, val = value, error = error, flags = flags };
        int result = IoctlWithRef(Interop.SECCOMP_IOCTL_NOTIF_SEND, &response, out Errno errno);
        if (result == 0)
        {
            return true;
        }

        // ENOENT: the target was interrupted or killed before our answer; there is no one left to answer.
        return errno == Errno.ENOENT ? false : throw new ErrnoException(errno, "ioctl(SECCOMP_IOCTL_NOTIF_SEND)");
    }

    private unsafe int IoctlWithRef(nuint request, void* argument, out Errno errno)
    {
        bool added = false;
        try
        {
            Handle.DangerousAddRef(ref added);
            int fd = Handle.DangerousGetHandle().ToInt32();
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
        finally
        {
            if (added)
            {
                Handle.DangerousRelease();
            }
        }
    }
}
