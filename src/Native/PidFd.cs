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

    /// <summary>pidfd_send_signal(pidfd, signal, NULL, 0). False with ESRCH when the process has already exited.</summary>
    public static bool TrySendSignal(SafeFdHandle pidfd, int signal)
    {
        ArgumentNullException.ThrowIfNull(pidfd);
        bool added = false;
        try
        {
            pidfd.DangerousAddRef(ref added);
            long result = Interop.syscall4(Interop.SYS_pidfd_send_signal, pidfd.DangerousGetHandle(), signal, 0, 0);
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
