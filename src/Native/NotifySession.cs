using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

/// <summary>
/// The notification loop's view of a notify fd: holds a reference on the notify and wake handles for its whole life
/// (so the raw fds it caches stay valid) and one zeroed receive buffer, so each notification costs only its syscalls.
/// Two ways to wait: <see cref="Receive"/> blocks in RECV alone (Linux 6.11+; woken by a <see cref="ThreadWakeSignal"/>),
/// or <see cref="Wait"/> polls (notify fd, wake eventfd) before each <see cref="TryReceive"/> (any kernel).
/// Single-threaded: one session per serving thread. Protocol outcomes are return values, as on <see cref="SeccompNotifyFd"/>.
/// </summary>
public sealed unsafe class NotifySession : IDisposable
{
    private readonly SafeFdHandle _notify;
    private readonly SafeFdHandle _wake;
    private readonly int _notifyFd;
    private readonly int _wakeFd;
    private readonly int _bufferSize;
    private readonly byte* _buffer;
    private bool _notifyAdded;
    private bool _wakeAdded;
    private byte* _inFlight;

    internal NotifySession(SafeFdHandle notify, SafeFdHandle wake)
    {
        _notify = notify;
        _wake = wake;
        try
        {
            notify.DangerousAddRef(ref _notifyAdded);
            wake.DangerousAddRef(ref _wakeAdded);
        }
        catch
        {
            Release();
            throw;
        }

        _notifyFd = notify.DangerousGetHandle().ToInt32();
        _wakeFd = wake.DangerousGetHandle().ToInt32();
        _bufferSize = Seccomp.ReceiveBufferSize;
        _buffer = (byte*)NativeMemory.AllocZeroed((nuint)_bufferSize);
    }

    /// <summary>
    /// From now on each received notification is copied to <paramref name="slot"/> (an <see cref="InFlightSlots"/>
    /// slot) until it is answered, so a successor can answer it if this process dies in between. Zero: not tracked.
    /// </summary>
    public void TrackInFlight(nint slot) => _inFlight = (byte*)slot;

    /// <summary>
    /// Blocks in poll(2) until a notification is pending, every task of the filter is gone (POLLHUP, Linux 5.8+), or
    /// the wake fd is signalled. Polling first is what tells "target interrupted" (RECV ENOENT, keep going) from
    /// "filter gone" (RECV would fail with ENOENT forever).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public NotifyWaitResult Wait()
    {
        Interop.pollfd* fds = stackalloc Interop.pollfd[2];
        while (true)
        {
            fds[0] = new Interop.pollfd { fd = _notifyFd, events = Interop.POLLIN };
            fds[1] = new Interop.pollfd { fd = _wakeFd, events = Interop.POLLIN };
            if (Interop.poll(fds, 2, -1) < 0)
            {
                Errno errno = Interop.LastErrno();
                if (errno == Errno.EINTR)
                {
                    continue;
                }

                throw new ErrnoException(errno, "poll(seccomp notify fd)");
            }

            NotifyWaitResult result = SeccompNotifyFd.Classify(fds[0].revents, fds[1].revents);
            if (result != NotifyWaitResult.Pending)
            {
                return result;
            }
        }
    }

    /// <summary>SECCOMP_IOCTL_NOTIF_RECV after <see cref="Wait"/>; false on ENOENT (the target was interrupted or died).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReceive(out SeccompNotification notification)
    {
        // The kernel rejects a buffer that is not zeroed with EINVAL, and it wrote the last notification here.
        new Span<byte>(_buffer, _bufferSize).Clear();
        if (IoctlCall.Invoke(_notifyFd, Interop.SECCOMP_IOCTL_NOTIF_RECV, _buffer, out Errno errno) < 0)
        {
            notification = default;
            return errno == Errno.ENOENT ? false : throw new ErrnoException(errno, "ioctl(SECCOMP_IOCTL_NOTIF_RECV)");
        }

        notification = Received();
        return true;
    }

    /// <summary>
    /// SECCOMP_IOCTL_NOTIF_RECV blocking, with nothing before it: the whole wait is this one system call. EINTR is
    /// returned, not retried (a <see cref="ThreadWakeSignal"/> woke the thread); on ENOENT a poll(2) that does not
    /// block tells a withdrawn notification from a filter every task has left. Needs Linux 6.11+, where a blocked RECV
    /// returns once the last task has exited; before that it would block for good: use <see cref="Wait"/> there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public NotifyReceiveResult Receive(out SeccompNotification notification)
    {
        new Span<byte>(_buffer, _bufferSize).Clear();
        if (Interop.ioctl(_notifyFd, Interop.SECCOMP_IOCTL_NOTIF_RECV, _buffer) < 0)
        {
            Errno errno = Interop.LastErrno();
            notification = default;
            return errno switch
            {
                Errno.EINTR => NotifyReceiveResult.Interrupted,
                Errno.ENOENT => IsHungUp() ? NotifyReceiveResult.HungUp : NotifyReceiveResult.Withdrawn,
                _ => throw new ErrnoException(errno, "ioctl(SECCOMP_IOCTL_NOTIF_RECV)"),
            };
        }

        notification = Received();
        return NotifyReceiveResult.Received;
    }

    /// <summary>Answer CONTINUE; false when the target is gone.</summary>
    public bool TryContinue(ulong id) => TrySend(id, 0, Interop.SECCOMP_USER_NOTIF_FLAG_CONTINUE);

    /// <summary>Fail the syscall with a positive <paramref name="errno"/>; false when the target is gone.</summary>
    public bool TryFail(ulong id, int errno) => TrySend(id, -errno, 0);

    /// <summary>
    /// SECCOMP_IOCTL_NOTIF_ID_VALID: the target is still blocked in notification <paramref name="id"/>. Asked after
    /// reading the target's memory by its pid: true means that pid was still the notifying task while it was read (a
    /// task that died and whose pid was reused would have withdrawn the notification first).
    /// </summary>
    public bool IsIdValid(ulong id) =>
        IoctlCall.Invoke(_notifyFd, Interop.SECCOMP_IOCTL_NOTIF_ID_VALID, &id, out Errno errno) >= 0
        || (errno == Errno.ENOENT ? false : throw new ErrnoException(errno, "ioctl(SECCOMP_IOCTL_NOTIF_ID_VALID)"));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private SeccompNotification Received()
    {
        if (_inFlight is not null)
        {
            InFlightSlots.MarkReceived(_inFlight, _buffer);
        }

        return new SeccompNotification(*(Interop.seccomp_notif*)_buffer);
    }

    // poll(2) of the notify fd alone, without blocking: POLLHUP once every task of the filter has exited.
    private bool IsHungUp()
    {
        Interop.pollfd fd = new() { fd = _notifyFd, events = Interop.POLLIN };
        while (Interop.poll(&fd, 1, 0) < 0)
        {
            Errno errno = Interop.LastErrno();
            if (errno != Errno.EINTR)
            {
                throw new ErrnoException(errno, "poll(seccomp notify fd)");
            }
        }

        return (fd.revents & (Interop.POLLHUP | Interop.POLLERR | Interop.POLLNVAL)) != 0;
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            NativeMemory.Free(_buffer);
        }

        Release();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TrySend(ulong id, int error, uint flags)
    {
        Interop.seccomp_notif_resp response = new() { id = id, val = 0, error = error, flags = flags };
        // ENOENT: the target was interrupted or killed before our answer; there is no one left to answer.
        bool sent = IoctlCall.Invoke(_notifyFd, Interop.SECCOMP_IOCTL_NOTIF_SEND, &response, out Errno errno) >= 0
            || (errno == Errno.ENOENT ? false : throw new ErrnoException(errno, "ioctl(SECCOMP_IOCTL_NOTIF_SEND)"));
        if (_inFlight is not null)
        {
            InFlightSlots.MarkAnswered(_inFlight);
        }

        return sent;
    }

    private void Release()
    {
        if (_wakeAdded)
        {
            _wakeAdded = false;
            _wake.DangerousRelease();
        }

        if (_notifyAdded)
        {
            _notifyAdded = false;
            _notify.DangerousRelease();
        }
    }
}
