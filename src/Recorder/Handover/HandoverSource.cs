using System.Text.Json;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Agent;
using SeccompRecorder.Native;
using SeccompRecorder.Notify;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Storage;

namespace SeccompRecorder.Handover;

/// <summary>
/// The predecessor's side of a hand-over. <see cref="FreezeAsync"/> stops everything that changes the recording
/// without closing an fd: the listener pauses (runtimes queue in its backlog), each notify thread answers what it
/// holds and parks (new notifications queue in the kernel), the stop scheduler and the flusher pause after one last
/// flush. What is frozen then is complete; <see cref="Commit"/> or <see cref="Abort"/> ends the freeze.
/// The four verbs stay four (issue 10 weighed one freeze contract): each part freezes differently and returns
/// something different (the listener parks connections waiting for their first byte, the dispatcher returns its
/// parked notify fds, the flusher's last flush can fail on its own), and their order is the point of this class: one
/// interface would hide the order behind a loop and the results behind a common type.
/// </summary>
internal sealed class HandoverSource
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(5);

    private readonly AgentListener _listener;
    private readonly NotifyDispatcher _dispatcher;
    private readonly StopScheduler _scheduler;
    private readonly StoreFlusher _flusher;
    private readonly ContainerRegistry _registry;
    private readonly StateDirectoryLock _stateLock;
    private readonly ILogger _logger;
    private readonly string _listenerPath;
    private readonly SemaphoreSlim _once = new(1, 1);

    public HandoverSource(
        AgentListener listener,
        NotifyDispatcher dispatcher,
        StopScheduler scheduler,
        StoreFlusher flusher,
        ContainerRegistry registry,
        StateDirectoryLock stateLock,
        HandoverSettings settings,
        ILogger<HandoverSource> logger)
    {
        _listener = listener;
        _dispatcher = dispatcher;
        _scheduler = scheduler;
        _flusher = flusher;
        _registry = registry;
        _stateLock = stateLock;
        _listenerPath = settings.RuntimeSocketPath;
        _logger = logger;
    }

    /// <summary>Freezes and packs; on failure everything is running again and the exception propagates.</summary>
    public async Task<OutgoingHandover> FreezeAsync(CancellationToken cancellationToken)
    {
        if (!await _once.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("a hand-over is already under way");
        }

        try
        {
            await _listener.PauseAsync(cancellationToken).ConfigureAwait(false);
            _scheduler.Suspend();
            IReadOnlyList<ParkedNotifyFd> parked = _dispatcher.Park(JoinTimeout);
            if (!_flusher.FlushAndSuspend())
            {
                HandoverLog.FinalFlushFailed(_logger);
            }

            return Pack(parked);
        }
        catch
        {
            Abort();
            throw;
        }
    }

    /// <summary>The successor serves the fds: close this process's notify fd copies and leave the listener path.</summary>
    public void Commit()
    {
        int released = _dispatcher.ReleaseParked();
        _listener.MarkHandedOver();
        HandoverLog.Committed(_logger, released);
    }

    /// <summary>The hand-over failed before the successor took over: serve, accept, kill and flush again.</summary>
    public void Abort()
    {
        _dispatcher.Unpark();
        _flusher.Resume();
        _scheduler.Resume();
        _listener.Resume();
        _once.Release();
        HandoverLog.Aborted(_logger);
    }

    private OutgoingHandover Pack(IReadOnlyList<ParkedNotifyFd> parked)
    {
        List<NamedFd> fds = [];
        List<HandoverContainer> containers = [];
        foreach (ContainerRecording container in _registry.Containers)
        {
            string? pidfdName = null;
            if (container.IsRunning && container.InitPidFd is { IsClosed: false } pidfd)
            {
                pidfdName = HandoverNames.InitPidFd(fds.Count);
                fds.Add(new NamedFd(pidfdName, pidfd));
            }

            containers.Add(new HandoverContainer(HandoverRecording.ToWire(container, _registry.Clock), pidfdName));
        }

        List<HandoverNotifyFd> listeners = [];
        foreach (ParkedNotifyFd listener in parked)
        {
            string name = HandoverNames.Notify(listeners.Count);
            fds.Add(new NamedFd(name, listener.Fd.Handle));
            RunKey key = listener.Container.Key;
            listeners.Add(new HandoverNotifyFd(name, key.Id, listener.Pid, key.RuntimeNamespace, key.Run));
        }

        List<string> connections = [];
        foreach (System.Net.Sockets.Socket connection in _listener.ParkedConnections)
        {
            string name = HandoverNames.Connection(connections.Count);
            fds.Add(new NamedFd(name, UnixListenSocket.Borrow(connection.SafeHandle)));
            connections.Add(name);
        }

        fds.Add(new NamedFd(HandoverNames.Listener, UnixListenSocket.Borrow(_listener.Socket!.SafeHandle)));
        if (_stateLock.Handle is { IsClosed: false } stateLock)
        {
            // The successor holds the directory from the moment it has the fds: no other daemon gets in between.
            fds.Add(new NamedFd(HandoverNames.StateDirLock, stateLock));
        }

        HandoverDocument document = new(HandoverDocument.CurrentVersion, _listenerPath, containers, listeners, connections);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(document, HandoverJson.Default.HandoverDocument);
        HandoverLog.Packed(_logger, containers.Count, listeners.Count, json.Length);
        return new OutgoingHandover(MemFd.Create("seccomp-recorder-state", json), fds, listeners.Count);
    }
}
