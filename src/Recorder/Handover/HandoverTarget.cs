using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Agent;
using SeccompRecorder.Native;
using SeccompRecorder.Notify;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Storage;

namespace SeccompRecorder.Handover;

/// <summary>
/// The successor's side: puts the predecessor's containers back with their counts, serves every notify fd it received,
/// and leaves the listening socket for <see cref="AgentListener"/>. Runs before the store is loaded, so the
/// handed-over recordings (newer than any flush) win over the database's copies.
/// </summary>
internal sealed class HandoverTarget
{
    private readonly ContainerRegistry _registry;
    private readonly NotifyDispatcher _dispatcher;
    private readonly ListenerInbox _inbox;
    private readonly string _listenerPath;
    private readonly ILogger _logger;

    public HandoverTarget(
        ContainerRegistry registry,
        NotifyDispatcher dispatcher,
        ListenerInbox inbox,
        HandoverSettings settings,
        ILogger<HandoverTarget> logger)
    {
        _registry = registry;
        _dispatcher = dispatcher;
        _inbox = inbox;
        _listenerPath = settings.RuntimeSocketPath;
        _logger = logger;
    }

    /// <summary>Returns how many notify fds are served from now on. Everything is checked before the first is served.</summary>
    public int Apply(IncomingHandover handover)
    {
        AdoptListener(handover.Take(HandoverNames.Listener));
        if (handover.Document is not { } document)
        {
            return 0;
        }

        List<(HandoverNotifyFd Listener, SeccompNotifyFd Fd)> served = [];
        try
        {
            foreach (HandoverNotifyFd listener in document.Listeners)
            {
                SafeFdHandle? fd = handover.Take(listener.Fd);
                if (fd is null)
                {
                    // systemd drops a stored fd that polls POLLHUP: every task of that filter exited while we were down.
                    HandoverLog.ListenerGone(_logger, listener.ContainerId, listener.Pid);
                    continue;
                }

                SeccompNotifyFd notifyFd = new(fd);
                served.Add((listener, notifyFd));
                if (!SeccompNotifyFd.IsSeccompListener(fd))
                {
                    throw new InvalidDataException($"hand-over fd \"{listener.Fd}\" is {SeccompNotifyFd.FdLinkTarget(fd) ?? "unreadable"}, not a seccomp listener");
                }
            }
        }
        catch
        {
            foreach ((_, SeccompNotifyFd fd) in served)
            {
                fd.Dispose();
            }

            throw;
        }

        Dictionary<RunKey, ContainerRecording> restored = [];
        Dictionary<RunKey, SafeFdHandle> pidfds = [];
        foreach (HandoverContainer container in document.Containers)
        {
            ContainerRecording recording = RecordingRestorer.Restore(
                container.Recording.ToStored(),
                _registry.Clock,
                _registry.Events,
                dropped => StorageLog.SyscallNotRestored(_logger, container.Recording.Identity.Id, dropped.Arch, dropped.Nr),
                _registry.Policies);
            if (!_registry.Restore(recording))
            {
                recording = _registry.Find(recording.Key)!;
            }

            restored[recording.Key] = recording;
            if (handover.Take(container.InitPidFd) is { } pidfd)
            {
                pidfds[recording.Key] = pidfd;
            }
        }

        foreach ((HandoverNotifyFd listener, SeccompNotifyFd fd) in served)
        {
            ContainerRecording container = restored[listener.Key];
            container.ListenerAdopted(pidfds.Remove(container.Key, out SafeFdHandle? pidfd) ? pidfd : null);
            _dispatcher.Serve(fd, container, listener.Pid);
        }

        int waiting = 0;
        foreach (string name in document.Connections ?? [])
        {
            if (handover.Take(name) is { } connection)
            {
                _inbox.PutConnection(new Socket(UnixListenSocket.Adopt(connection)));
                waiting++;
            }
        }

        foreach (SafeFdHandle unused in pidfds.Values)
        {
            unused.Dispose(); // every fd of that container hung up meanwhile
        }

        HandoverLog.Adopted(_logger, document.Containers.Count, served.Count, waiting);
        return served.Count;
    }

    private void AdoptListener(SafeFdHandle? fd)
    {
        if (fd is null)
        {
            return;
        }

        // A Socket made from a handle never learned a bound path, so disposing it closes the fd and unlinks nothing.
        Socket socket = new(UnixListenSocket.Adopt(fd));
        string? path = (socket.LocalEndPoint as UnixDomainSocketEndPoint)?.ToString();
        bool listening = socket.SocketType == SocketType.Stream
            && socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.AcceptConnection) is int accepting && accepting != 0;
        if (!listening || !string.Equals(path, _listenerPath, StringComparison.Ordinal))
        {
            HandoverLog.ListenerMismatch(_logger, path ?? "?", _listenerPath);
            socket.Dispose();
            return;
        }

        _inbox.Put(socket);
    }
}
