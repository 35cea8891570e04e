namespace SeccompRecorder.Native;

/// <summary>
/// An eventfd used as a wake-up for threads blocked in poll(2): once signalled it stays readable (nobody reads it),
/// so one Signal wakes every thread that polls it.
/// </summary>
public sealed class EventFd : IDisposable
{
    public EventFd()
    {
        int fd = Interop.eventfd(0, Interop.EFD_CLOEXEC | Interop.EFD_NONBLOCK);
        if (fd < 0)
        {
            throw new ErrnoException(Interop.LastErrno(), "eventfd");
        }

        Handle = new SafeFdHandle(fd);
    }

    public SafeFdHandle Handle { get; }

    public unsafe void Signal()
    {
        bool added = false;
        try
        {
            Handle.DangerousAddRef(ref added);
            ulong one = 1;
            while (Interop.write(Handle.DangerousGetHandle().ToInt32(), &one, sizeof(ulong)) < 0)
            {
                Errno errno = Interop.LastErrno();
                if (errno == Errno.EAGAIN)
                {
                    return; // the counter is saturated: it is readable already
                }

                if (errno != Errno.EINTR)
                {
                    throw new ErrnoException(errno, "write(eventfd)");
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

    /// <summary>Makes it unreadable again (reads the counter), for threads that poll it next.</summary>
    public unsafe void Reset()
    {
        bool added = false;
        try
        {
            Handle.DangerousAddRef(ref added);
            ulong value;
            while (Interop.read(Handle.DangerousGetHandle().ToInt32(), &value, sizeof(ulong)) < 0)
            {
                Errno errno = Interop.LastErrno();
                if (errno == Errno.EAGAIN)
                {
                    return; // not signalled
                }

                if (errno != Errno.EINTR)
                {
                    throw new ErrnoException(errno, "read(eventfd)");
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

    public void Dispose() => Handle.Dispose();
}
