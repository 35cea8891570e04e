using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using SeccompRecorder.Native;
using SeccompRecorder.Policy;

namespace SeccompRecorder.Recording;

/// <summary>Every container the daemon has seen, by id. The write side is the agent; the read side is every egress surface.</summary>
internal sealed class ContainerRegistry : IRecordingReader
{
    private readonly ConcurrentDictionary<string, ContainerRecording> _containers = new(StringComparer.Ordinal);
    private readonly RecorderClock _clock;
    private readonly EventHub _events;
    private readonly DaemonCounters _counters;

    public ContainerRegistry(RecorderClock clock, EventHub events, DaemonCounters counters)
    {
        _clock = clock;
        _events = events;
        _counters = counters;
    }

    /// <summary>
    /// Registers one more notify fd for <paramref name="identity"/>.Id: the first makes the container, later ones (runc
    /// exec, status "running") join it. Takes ownership of <paramref name="initPidFd"/>.
    /// </summary>
    public ContainerRecording Attach(ContainerIdentity identity, ContainerPolicy policy, int pid, bool isExec, SafeFdHandle? initPidFd)
    {
        ContainerRecording container = _containers.GetOrAdd(
            identity.Id,
            static (_, state) => new ContainerRecording(state.identity, state.policy, state.clock, state.events),
            (identity, policy, clock: _clock, events: _events));
        container.ListenerAttached(initPidFd);
        RecorderEventKind kind = isExec ? RecorderEventKind.ExecAttached : RecorderEventKind.ContainerAttached;
        _events.Publish(new PendingEvent(kind, container, pid, default, 0, 0, _clock.Now()));
        return container;
    }

    /// <summary>
    /// Puts back a container an earlier daemon stored, before the agent accepts: a later Attach with its id finds it and
    /// continues its counts. False if the id is already known.
    /// </summary>
    public bool Restore(ContainerRecording container) => _containers.TryAdd(container.Id, container);

    public RecorderClock Clock => _clock;

    public EventHub Events => _events;

    public bool Contains(string id) => _containers.ContainsKey(id);

    /// <summary>The live recording of <paramref name="id"/>, for a hand-over; readers use snapshots instead.</summary>
    public ContainerRecording? Find(string id) => _containers.TryGetValue(id, out ContainerRecording? container) ? container : null;

    /// <summary>Forgets an exited container (deletion, retention); a running one is kept.</summary>
    public RemoveOutcome TryRemove(string id)
    {
        if (!_containers.TryGetValue(id, out ContainerRecording? container))
        {
            return RemoveOutcome.NotFound;
        }

        if (container.IsRunning)
        {
            return RemoveOutcome.Running;
        }

        // Only this very recording: a new one made under the same id meanwhile stays.
        return ((ICollection<KeyValuePair<string, ContainerRecording>>)_containers).Remove(new(id, container))
            ? RemoveOutcome.Removed
            : RemoveOutcome.NotFound;
    }

    /// <summary>Every container recorded, live or exited: for the stop scheduler, off the hot path.</summary>
    public IEnumerable<ContainerRecording> Containers => _containers.Values;

    /// <summary>A daemon-side event about <paramref name="container"/> (stop scheduled, stopped).</summary>
    public void Publish(RecorderEventKind kind, ContainerRecording container) =>
        _events.Publish(new PendingEvent(kind, container, container.Identity.InitPid, default, 0, 0, _clock.Now()));

    /// <summary>A notify fd of <paramref name="container"/> was retired.</summary>
    public void Detach(ContainerRecording container)
    {
        if (container.ListenerClosed())
        {
            _events.Publish(new PendingEvent(RecorderEventKind.ContainerExited, container, container.Identity.InitPid, default, 0, 0, _clock.Now()));
        }
    }

    public IReadOnlyList<ContainerSnapshot> ListContainers(bool includeSyscalls)
    {
        List<ContainerSnapshot> snapshots = [];
        foreach (ContainerRecording container in _containers.Values)
        {
            snapshots.Add(container.Snapshot(includeSyscalls));
        }

        snapshots.Sort(static (a, b) => a.FirstSeen != b.FirstSeen ? a.FirstSeen.CompareTo(b.FirstSeen) : string.CompareOrdinal(a.Id, b.Id));
        return snapshots;
    }

    public bool TryGetContainer(string id, [NotNullWhen(true)] out ContainerSnapshot? container)
    {
        if (_containers.TryGetValue(id, out ContainerRecording? found))
        {
            container = found.Snapshot(includeSyscalls: true);
            return true;
        }

        container = null;
        return false;
    }

    public IAsyncEnumerable<RecorderEvent> WatchEvents(string? containerId, CancellationToken cancellationToken) =>
        _events.Watch(string.IsNullOrEmpty(containerId) ? null : containerId, cancellationToken);

    public DaemonStatus GetStatus()
    {
        int running = 0;
        int listeners = 0;
        long notifications = 0;
        foreach (ContainerRecording container in _containers.Values)
        {
            running += container.IsRunning ? 1 : 0;
            listeners += container.ListenersOpen;
            notifications += container.Notifications;
        }

        return new DaemonStatus(
            ThisAssembly.Version,
            _clock.ToWallClock(_counters.StartedTicks),
            running,
            _containers.Count,
            listeners,
            notifications,
            _counters.SyncWakeUp,
            GC.GetTotalAllocatedBytes(precise: false),
            _counters.ConnectionsAccepted,
            _counters.ConnectionsRejected,
            _counters.ContainersStopped);
    }
}
