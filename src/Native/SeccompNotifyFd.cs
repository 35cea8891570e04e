using System.Text;

namespace SeccompRecorder.Native;

/// <summary>
/// A seccomp listener fd (SECCOMP_FILTER_FLAG_NEW_LISTENER): what is done once per fd. Each method takes one reference
/// on the handle for the duration of the syscall, so a concurrent Dispose cannot close the fd under it. The per-
/// notification calls live on <see cref="NotifySession"/>. Protocol outcomes are return values; anything unexpected
/// throws <see cref="ErrnoException"/>.
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

    /// <summary>A session for the thread that serves this fd: see <see cref="NotifySession"/>.</summary>
    public NotifySession OpenSession(SafeFdHandle wake) => new(Handle, wake);

    /// <summary>SECCOMP_IOCTL_NOTIF_ID_VALID: the target is still blocked in the notified syscall.</summary>
    public unsafe bool IsIdValid(ulong id)
    {
        int result = IoctlWithRef(Interop.SECCOMP_IOCTL_NOTIF_ID_VALID, &id, out Errno errno);
        return result == 0 || (errno == Errno.ENOENT ? false : throw new ErrnoException(errno, "ioctl(SECCOMP_IOCTL_NOTIF_ID_VALID)"));
    }

    /// <summary>
    /// Answers one notification outside a session (a predecessor's unanswered one): CONTINUE, or fail with a positive
    /// <paramref name="errno"/>. False when its target is gone.
    /// </summary>
    public unsafe bool TryAnswer(ulong id, bool allow, int errno)
    {
        Interop.seccomp_notif_resp response = new()
        {
            id = id,
            val = 0,
            error = allow ? 0 : -errno,
            flags = allow ? Interop.SECCOMP_USER_NOTIF_FLAG_CONTINUE : 0,
        };
        int result = IoctlWithRef(Interop.SECCOMP_IOCTL_NOTIF_SEND, &response, out Errno error);
        return result >= 0 || (error == Errno.ENOENT ? false : throw new ErrnoException(error, "ioctl(SECCOMP_IOCTL_NOTIF_SEND)"));
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

    private unsafe int IoctlWithRef(nuint request, void* argument, out Errno errno)
    {
        bool added = false;
        try
        {
            Handle.DangerousAddRef(ref added);
            return IoctlCall.Invoke(Handle.DangerousGetHandle().ToInt32(), request, argument, out errno);
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
