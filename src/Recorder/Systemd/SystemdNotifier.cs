using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace SeccompRecorder.Systemd;

/// <summary>
/// sd_notify(3) without libsystemd: one datagram of newline-separated <c>KEY=VALUE</c> lines per state change, sent to
/// the AF_UNIX SOCK_DGRAM socket named by <c>NOTIFY_SOCKET</c> (a path, or an abstract name written <c>@name</c>).
/// Not Microsoft.Extensions.Hosting.Systemd: it sends READY and STOPPING only, and only under a parent process named
/// systemd; the daemon also needs WATCHDOG, FDSTORE and LISTEN_FDS (docs/DEPENDENCIES.md).
/// </summary>
internal sealed class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endpoint;

    public SystemdNotifier(Func<string, string?> environment, int processId)
    {
        ArgumentNullException.ThrowIfNull(environment);
        SocketPath = environment("NOTIFY_SOCKET") is { Length: > 0 } path ? path : null;
        if (SocketPath is not null)
        {
            // '@' is systemd's spelling of a leading NUL: the kernel's abstract namespace, as .NET spells it too.
            _endpoint = new UnixDomainSocketEndPoint(SocketPath[0] == '@' ? "\0" + SocketPath[1..] : SocketPath);
            _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        }

        WatchdogInterval = ReadWatchdog(environment, processId);
    }

    /// <summary>NOTIFY_SOCKET as given, or null when not started by a service manager that wants notifications.</summary>
    public string? SocketPath { get; }

    public bool Enabled => _socket is not null;

    /// <summary>How often to send WATCHDOG=1: half of WATCHDOG_USEC, as sd_watchdog_enabled(3) advises; null when off.</summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>Sends one message; returns false when notifications are off. Throws SocketException when the send fails.</summary>
    public bool Notify(string state)
    {
        if (_socket is null || _endpoint is null)
        {
            return false;
        }

        // One datagram per message: systemd reads each whole, and a datagram socket cannot split it.
        lock (_socket)
        {
            if (_socket.Connected)
            {
                _socket.Send(Encoding.UTF8.GetBytes(state));
            }
            else
            {
                _socket.SendTo(Encoding.UTF8.GetBytes(state), SocketFlags.None, _endpoint);
            }
        }

        return true;
    }

    /// <summary>
    /// Sends one message with <paramref name="fds"/> attached (SCM_RIGHTS), as FDSTORE=1 needs. False when notifications
    /// are off. Throws SocketException or ErrnoException when the send fails.
    /// </summary>
    public bool Notify(string state, ReadOnlySpan<Native.SafeFdHandle> fds)
    {
        if (_socket is null || _endpoint is null)
        {
            return false;
        }

        lock (_socket)
        {
            // sendmsg with fds needs a destination: connect once (datagram connect only fixes the peer address).
            if (!_socket.Connected)
            {
                _socket.Connect(_endpoint);
            }

            Native.UnixRights.Send(_socket.SafeHandle, Encoding.UTF8.GetBytes(state), fds);
        }

        return true;
    }

    public void Dispose() => _socket?.Dispose();

    private static TimeSpan? ReadWatchdog(Func<string, string?> environment, int processId)
    {
        if (!ulong.TryParse(environment("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out ulong usec) || usec == 0)
        {
            return null;
        }

        // WATCHDOG_PID names the process the watchdog is meant for; a child that inherited the variables is not it.
        if (environment("WATCHDOG_PID") is { Length: > 0 } pid
            && (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out int watched) || watched != processId))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(usec / 2);
    }
}
