namespace SeccompRecorder.Native;

/// <summary>A pidfd (pidfd_open(2)): names one process for its whole life, so a signal through it never hits a reused pid.</summary>
public static class PidFd
{
    /// <summary>pidfd_open(pid, 0). False with ESRCH when the process no longer exists.</summary>
    public static bool TryOpen(int pid, out SafeFdHandle pidfd)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        long fd = Interop.syscall3(Interop.SYS_pidfd_open, pid, 0, 0);
        if (fd >= 0)
        {
            pidfd = new SafeFdHandle((int)fd);
            return true;
        }

        Errno errno = Interop.LastErrno();
        pidfd = new SafeFdHandle();
        return errno == Errno.ESRCH ? false : throw new ErrnoException(errno, "pidfd_open");
    }

    /// <summary>pidfd_open(2)'s PIDFD_THREAD (O_EXCL, Linux 6.9): a pidfd for a thread, not only a thread-group leader.</summary>
    public const int PIDFD_THREAD = 0x80;

    /// <summary>pidfd_send_signal(2)'s flag (Linux 6.9): the signal goes to the thread group of the pidfd's thread.</summary>
    public const int PIDFD_SIGNAL_THREAD_GROUP = 1 << 1;

    /// <summary>
    /// pidfd_open(tid, PIDFD_THREAD). False with ESRCH when the thread no longer exists, and with
    /// <paramref name="unsupported"/> when the kernel predates PIDFD_THREAD (EINVAL).
    /// </summary>
    public static bool TryOpenThread(int tid, out SafeFdHandle? pidfd, out bool unsupported)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tid);
        long fd = Interop.syscall3(Interop.SYS_pidfd_open, tid, PIDFD_THREAD, 0);
        unsupported = false;
        if (fd >= 0)
        {
            pidfd = new SafeFdHandle((int)fd);
            return true;
        }

        Errno errno = Interop.LastErrno();
        pidfd = null;
        unsupported = errno == Errno.EINVAL;
        return errno is Errno.ESRCH or Errno.EINVAL ? false : throw new ErrnoException(errno, "pidfd_open(PIDFD_THREAD)");
    }

    /// <summary>pidfd_send_signal(pidfd, signal, NULL, 0). False with ESRCH when the process has already exited.</summary>
    public static bool TrySendSignal(SafeFdHandle pidfd, int signal) => TrySendSignal(pidfd, signal, 0);

    /// <summary>pidfd_send_signal(pidfd, signal, NULL, flags). False with ESRCH when the process has already exited.</summary>
    public static bool TrySendSignal(SafeFdHandle pidfd, int signal, int flags)
    {
        ArgumentNullException.ThrowIfNull(pidfd);
        bool added = false;
        try
        {
            pidfd.DangerousAddRef(ref added);
            long result = Interop.syscall4(Interop.SYS_pidfd_send_signal, pidfd.DangerousGetHandle(), signal, 0, flags);
            if (result == 0)
            {
                return true;
            }

            Errno errno = Interop.LastErrno();
            return errno == Errno.ESRCH ? false : throw new ErrnoException(errno, "pidfd_send_signal");
        }
        finally
        {
            if (added)
            {
                pidfd.DangerousRelease();
            }
        }
    }

    /// <summary>Waits until the process exits (its pidfd polls readable); false when <paramref name="timeout"/> passes first.</summary>
    public static unsafe bool WaitForExit(SafeFdHandle pidfd, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(pidfd);
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        bool added = false;
        try
        {
            pidfd.DangerousAddRef(ref added);
            Interop.pollfd fd = new() { fd = pidfd.DangerousGetHandle().ToInt32(), events = Interop.POLLIN };
            while (true)
            {
                long left = Math.Max(0, deadline - Environment.TickCount64);
                int ready = Interop.poll(&fd, 1, (int)Math.Min(left, int.MaxValue));
                if (ready > 0)
                {
                    return true;
                }

                if (ready == 0)
                {
                    return false;
                }

                Errno errno = Interop.LastErrno();
                if (errno != Errno.EINTR)
                {
                    throw new ErrnoException(errno, "poll(pidfd)");
                }
            }
        }
        finally
        {
            if (added)
            {
                pidfd.DangerousRelease();
            }
        }
    }
}
