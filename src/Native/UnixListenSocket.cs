using System.Net.Sockets;
using System.Text;

namespace SeccompRecorder.Native;

/// <summary>
/// Listening AF_UNIX sockets the daemon can hand to a successor. .NET's Socket unlinks the path it bound when it is
/// disposed, which would delete a socket file that a new daemon now serves; a socket made here, or received from
/// another process, is wrapped in a Socket that never learned the path, and the daemon removes the file itself.
/// </summary>
public static class UnixListenSocket
{
    /// <summary>socket + bind + listen, close-on-exec. The caller has cleared the path.</summary>
    public static unsafe SafeSocketHandle Bind(string path, SocketType type, int backlog)
    {
        ArgumentNullException.ThrowIfNull(path);
        int kind = type switch
        {
            SocketType.Stream => Interop.SOCK_STREAM,
            SocketType.Seqpacket => Interop.SOCK_SEQPACKET,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "only stream and seqpacket sockets are supported"),
        };
        byte[] encoded = Encoding.UTF8.GetBytes(path);
        if (encoded.Length == 0 || encoded.Length >= Interop.SunPathLength || encoded.Contains((byte)0))
        {
            throw new ArgumentException($"a Unix socket path must be 1-{Interop.SunPathLength - 1} bytes without NUL: {path}", nameof(path));
        }

        int fd = Interop.socket(Interop.AF_UNIX, kind | Interop.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new ErrnoException(Interop.LastErrno(), "socket(AF_UNIX)");
        }

        SafeSocketHandle handle = new(fd, ownsHandle: true);
        Interop.sockaddr_un address = new() { sun_family = Interop.AF_UNIX };
        encoded.CopyTo(new Span<byte>(address.sun_path, Interop.SunPathLength));
        uint length = (uint)(sizeof(ushort) + encoded.Length + 1);
        if (Interop.bind(fd, &address, length) < 0 || Interop.listen(fd, backlog) < 0)
        {
            Errno errno = Interop.LastErrno();
            handle.Dispose();
            throw new ErrnoException(errno, $"bind/listen {path}");
        }

        return handle;
    }

    /// <summary>Moves ownership of a received fd to a SafeSocketHandle; <paramref name="fd"/> is left closed.</summary>
    public static SafeSocketHandle Adopt(SafeFdHandle fd)
    {
        ArgumentNullException.ThrowIfNull(fd);
        ObjectDisposedException.ThrowIf(fd.IsClosed || fd.IsInvalid, fd);
        nint raw = fd.DangerousGetHandle();
        fd.SetHandleAsInvalid();
        return new SafeSocketHandle(raw, ownsHandle: true);
    }

    /// <summary>A non-owning view of a socket's fd, to pass it on with SCM_RIGHTS while the socket stays open.</summary>
    public static SafeFdHandle Borrow(SafeSocketHandle socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return new SafeFdHandle(socket.DangerousGetHandle().ToInt32(), ownsHandle: false);
    }

    /// <summary>The effective uid of this process: whom a successor daemon must run as.</summary>
    public static uint EffectiveUid => Interop.geteuid();
}
