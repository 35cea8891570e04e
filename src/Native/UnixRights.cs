namespace SeccompRecorder.Native;

/// <summary>sendmsg/recvmsg with SCM_RIGHTS on a Unix stream socket owned by a SafeHandle (e.g. a Socket's).</summary>
public static class UnixRights
{
    /// <summary>SCM_MAX_FD: the most fds one SCM_RIGHTS message can carry.</summary>
    public const int MaxFdsPerMessage = 253;

    /// <summary>
    /// One recvmsg(MSG_DONTWAIT | MSG_CMSG_CLOEXEC). Every fd received is appended to <paramref name="receivedFds"/>
    /// as a SafeFdHandle, even when the result is then rejected (truncated or malformed control data).
    /// </summary>
    public static unsafe ReceiveResult Receive(System.Runtime.InteropServices.SafeHandle socket, Span<byte> payload, List<SafeFdHandle> receivedFds)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(receivedFds);
        int controlSize = Interop.CMSG_SPACE(MaxFdsPerMessage * sizeof(int));
        byte* control = stackalloc byte[controlSize];
        new Span<byte>(control, controlSize).Clear();
        bool added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            int fd = socket.DangerousGetHandle().ToInt32();
            fixed (byte* data = payload)
            {
                Interop.iovec iov = new() { iov_base = data, iov_len = (nuint)payload.Length };
                Interop.msghdr message = new()
                {
                    msg_iov = &iov,
                    msg_iovlen = 1,
                    msg_control = control,
                    msg_controllen = (nuint)controlSize,
                };
                while (true)
                {
                    nint read = Interop.recvmsg(fd, &message, Interop.MSG_DONTWAIT | Interop.MSG_CMSG_CLOEXEC);
                    if (read < 0)
                    {
                        Errno errno = Interop.LastErrno();
                        if (errno == Errno.EINTR)
                        {
                            continue;
                        }

                        return errno == Errno.EAGAIN
                            ? new ReceiveResult(ReceiveStatus.WouldBlock, 0, false, false)
                            : throw new ErrnoException(errno, "recvmsg");
                    }

                    // The kernel may deliver fds even with a zero-length read; collect them before anything else.
                    bool wellFormed = ControlMessages.CollectRights(
                        new ReadOnlySpan<byte>(control, (int)Math.Min(message.msg_controllen, (nuint)controlSize)), receivedFds);
                    bool truncated = (message.msg_flags & Interop.MSG_CTRUNC) != 0;
                    ReceiveStatus status = read == 0 ? ReceiveStatus.EndOfStream : ReceiveStatus.Data;
                    return new ReceiveResult(status, (int)read, truncated, !wellFormed);
                }
            }
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    /// <summary>One sendmsg carrying <paramref name="payload"/> and, in a single SCM_RIGHTS message, <paramref name="fds"/>.</summary>
    public static unsafe int Send(System.Runtime.InteropServices.SafeHandle socket, ReadOnlySpan<byte> payload, ReadOnlySpan<SafeFdHandle> fds)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fds.Length, MaxFdsPerMessage);
        int controlSize = fds.Length == 0 ? 0 : Interop.CMSG_SPACE(fds.Length * sizeof(int));
        byte* control = stackalloc byte[Math.Max(controlSize, 1)];
        int refs = 0;
        bool socketAdded = false;
        try
        {
            socket.DangerousAddRef(ref socketAdded);
            if (controlSize > 0)
            {
                new Span<byte>(control, controlSize).Clear();
                Interop.cmsghdr* header = (Interop.cmsghdr*)control;
                header->cmsg_len = (nuint)Interop.CMSG_LEN(fds.Length * sizeof(int));
                header->cmsg_level = Interop.SOL_SOCKET;
                header->cmsg_type = Interop.SCM_RIGHTS;
                int* slots = (int*)(control + Interop.CMSG_ALIGN(sizeof(Interop.cmsghdr)));
                for (; refs < fds.Length; refs++)
                {
                    bool fdAdded = false;
                    fds[refs].DangerousAddRef(ref fdAdded);
                    slots[refs] = fds[refs].DangerousGetHandle().ToInt32();
                }
            }

            fixed (byte* data = payload)
            {
                Interop.iovec iov = new() { iov_base = data, iov_len = (nuint)payload.Length };
                Interop.msghdr message = new()
                {
                    msg_iov = &iov,
                    msg_iovlen = 1,
                    msg_control = controlSize > 0 ? control : null,
                    msg_controllen = (nuint)controlSize,
                };
                while (true)
                {
                    nint sent = Interop.sendmsg(socket.DangerousGetHandle().ToInt32(), &message, Interop.MSG_NOSIGNAL);
                    if (sent >= 0)
                    {
                        return (int)sent;
                    }

                    Errno errno = Interop.LastErrno();
                    if (errno != Errno.EINTR)
                    {
                        throw new ErrnoException(errno, "sendmsg");
                    }
                }
            }
        }
        finally
        {
            for (int i = 0; i < refs; i++)
            {
                fds[i].DangerousRelease();
            }

            if (socketAdded)
            {
                socket.DangerousRelease();
            }
        }
    }

    /// <summary>SO_PEERCRED: who is on the other end of a Unix socket, as of connect(2).</summary>
    public static unsafe PeerCredentials GetPeerCredentials(System.Runtime.InteropServices.SafeHandle socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        bool added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            Interop.ucred credentials = default;
            uint length = (uint)sizeof(Interop.ucred);
            if (Interop.getsockopt(socket.DangerousGetHandle().ToInt32(), Interop.SOL_SOCKET, Interop.SO_PEERCRED, &credentials, &length) != 0)
            {
                throw new ErrnoException(Interop.LastErrno(), "getsockopt(SO_PEERCRED)");
            }

            return new PeerCredentials(credentials.pid, credentials.uid, credentials.gid);
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }
}
