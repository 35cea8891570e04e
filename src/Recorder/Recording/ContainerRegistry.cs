using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using SeccompRecorder.Native;
using SeccompRecorder.Policy;

namespace SeccompRecorder.Recording;

/// <summary>Every container the daemon has seen, by id. The write side is the agent; the read side is every egress surface.</summary>
internal sealed class ContainerRegistry : IRecordingReader
{
    private readonly ConcurrentDictionary<RunKey, ContainerRecording> _containers = new();
    private readonly RecorderClock _clock;
    private readonly EventHub _events;
    private readonly DaemonCounters _counters;

    // Which run a runtime message belongs to is decided under this gate (attach and removal, never the hot path),
    // so two connections of one container cannot both make a new run.
    private readonly Lock _attachGate = new();

    public ContainerRegistry(RecorderClock clock, EventHub events, DaemonCounters counters, ContainerPolicyFactory? policies = null)
    {
        _clock = clock;
        _events = events;
        _counters = counters;
        Policies = policies ?? ContainerPolicyFactory.Standard;
    }

    /// <summary>Makes the policy of a container restored from storage or a hand-over, as the agent makes it at attach.</summary>
    public ContainerPolicyFactory Policies { get; }

    /// <summary>
    /// Registers one more notify fd. An init (<paramref name="isExec"/> false) makes a new run of its id unless a
    /// running run has the same init pid; an exec joins its container's running run (by init pid, or the only one when
    /// the runtime names none, as crun does), or the newest run when none runs. <paramref name="policy"/> is asked only
    /// for a new run. Takes ownership of <paramref name="initPidFd"/>.
    /// </summary>
    public ContainerRecording Attach(
        ContainerIdentity identity, Func<ContainerIdentity, ContainerPolicy> policy, int pid, bool isExec, SafeFdHandle? initPidFd)
    {
        ContainerRecording container;
        lock (_attachGate)
        {
            container = FindRunFor(identity, isExec) ?? NewRun(identity, policy);
            container.ListenerAttached(initPidFd);
        }

        RecorderEventKind kind = isExec ? RecorderEventKind.ExecAttached : RecorderEventKind.ContainerAttached;
        _events.Publish(new PendingEvent(kind, container, pid, default, 0, 0, _clock.Now()));
        return container;
    }

    // Under _attachGate.
    private ContainerRecording? FindRunFor(ContainerIdentity identity, bool isExec)
    {
        // crun's exec sends bundle ".": no namespace known, so any namespace's run of that id may be meant.
        bool anyNamespace = isExec && identity.RuntimeNamespace.Length == 0;
        ContainerRecording? newest = null;
        ContainerRecording? samePid = null;
        int running = 0;
        ContainerRecording? onlyRunning = null;
        foreach (ContainerRecording candidate in _containers.Values)
        {
            RunKey key = candidate.Key;
            if (!string.Equals(key.Id, identity.Id, StringComparison.Ordinal)
                || (!anyNamespace && !string.Equals(key.RuntimeNamespace, identity.RuntimeNamespace, StringComparison.Ordinal)))
            {
                continue;
            }

            if (newest is null || candidate.FirstSeenTicks > newest.FirstSeenTicks
                || (candidate.FirstSeenTicks == newest.FirstSeenTicks && key.Run > newest.Key.Run))
            {
                newest = candidate;
            }

            if (candidate.IsRunning)
            {
                running++;
                onlyRunning = onlyRunning is null || candidate.FirstSeenTicks > onlyRunning.FirstSeenTicks ? candidate : onlyRunning;
                if (identity.InitPid > 0 && candidate.Identity.InitPid == identity.InitPid)
                {
                    samePid = candidate;
                }
            }
        }

        if (samePid is not null)
        {
            return samePid;
        }

        if (!isExec)
        {
            return null; // a new init: a new run, whatever ran under this id before
        }

        // An exec: the running run it names by init pid was not found above. Without a pid (crun), or a pid we do not
        // know (an init we never saw), the running run when there is exactly one; the newest running one when several
        // (two containerd namespaces with a bundle-less exec: one of them is right, and we cannot tell which); the
        // newest run when none runs.
        return running > 0 ? onlyRunning : newest;
    }

    // Under _attachGate.
    private ContainerRecording NewRun(ContainerIdentity identity, Func<ContainerIdentity, ContainerPolicy> policy)
    {
        int run = 0;
        foreach (RunKey key in _containers.Keys)
        {
            if (string.Equals(key.Id, identity.Id, StringComparison.Ordinal)
                && string.Equals(key.RuntimeNamespace, identity.RuntimeNamespace, StringComparison.Ordinal))
            {
                run = Math.Max(run, key.Run);
            }
        }

        ContainerIdentity numbered = identity with { Run = run + 1 };
        ContainerRecording container = new(numbered, policy(numbered), _clock, _events);
        _containers[numbered.Key] = container;
        return container;
    }

    /// <summary>
    /// Puts back a container an earlier daemon stored, before the agent accepts: a later Attach with its id finds it and
    /// continues its counts. False if the run is already known.
    /// </summary>
    public bool Restore(ContainerRecording container) => _containers.TryAdd(container.Key, container);

    public RecorderClock Clock => _clock;

    public EventHub Events => _events;

    public bool Contains(RunKey key) => _containers.ContainsKey(key);

    /// <summary>The live recording of <paramref name="key"/>, for a hand-over; readers use snapshots instead.</summary>
    public ContainerRecording? Find(RunKey key) => _containers.TryGetValue(key, out ContainerRecording? container) ? container : null;

    /// <summary>Forgets an exited run (deletion, retention); a running one is kept.</summary>
    public RemoveOutcome TryRemove(RunKey key)
    {
        lock (_attachGate)
        {
            if (!_containers.TryGetValue(key, out ContainerRecording? container))
            {
                return RemoveOutcome.NotFound;
            }

            if (container.IsRunning)
            {
                return RemoveOutcome.Running;
            }

            return _containers.TryRemove(key, out _) ? RemoveOutcome.Removed : RemoveOutcome.NotFound;
        }
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

        snapshots.Sort(static (a, b) => a.FirstSeen != b.FirstSeen ? a.FirstSeen.CompareTo(b.FirstSeen)
            : string.CompareOrdinal(a.Id, b.Id) is var byId && byId != 0 ? byId : a.Run.CompareTo(b.Run));
        return snapshots;
    }

    public ContainerLookup Lookup(string idOrPrefix, int run, bool includeSyscalls)
    {
        string? id = ContainerLookup.ResolveId(_containers.Keys.Select(static key => key.Id), idOrPrefix, out IReadOnlyList<string> matches);
        if (id is null)
        {
            return new ContainerLookup(matches.Count > 0 ? LookupStatus.Ambiguous : LookupStatus.NotFound, idOrPrefix, null, matches);
        }

        // The newest first seen among the runs asked for: run N of the id, or any run for 0.
        ContainerRecording? chosen = null;
        foreach (ContainerRecording candidate in _containers.Values)
        {
            if (string.Equals(candidate.Id, id, StringComparison.Ordinal) && (run == 0 || candidate.Key.Run == run)
                && (chosen is null || candidate.FirstSeenTicks > chosen.FirstSeenTicks
                    || (candidate.FirstSeenTicks == chosen.FirstSeenTicks && candidate.Key.Run > chosen.Key.Run)))
            {
                chosen = candidate;
            }
        }

        return chosen is null
            ? new ContainerLookup(LookupStatus.RunNotFound, id, null, [])
            : new ContainerLookup(LookupStatus.Found, id, chosen.Snapshot(includeSyscalls), []);
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
            _counters.ContainersStopped,
            [.. Policies.Expected.Names.Order(StringComparer.Ordinal)]);
    }
}
