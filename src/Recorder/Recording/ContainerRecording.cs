using System.Runtime.CompilerServices;
using SeccompRecorder.Native;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording.Arguments;
using SeccompRecorder.Recording.Executables;
using SeccompRecorder.Recording.Paths;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Recording;

/// <summary>
/// One container's recording. <see cref="RecordCall"/> runs on notify threads (one per fd the container handed over);
/// everything else runs off the hot path under <see cref="_gate"/>, which the hot path never takes.
/// </summary>
internal sealed class ContainerRecording
{
    /// <summary>How long a thread's executable is trusted before it is read again (a pid reused, an exec not notified).</summary>
    public static readonly TimeSpan ExecutableRevalidation = TimeSpan.FromSeconds(2);

    private readonly RecorderClock _clock;
    private readonly EventHub _events;
    private readonly Lock _gate = new();
    private long _notifications;
    private long _violations;
    private long _lastViolationTicks;
    private int _stopAnnounced;
    private ContainerTermination? _termination;
    private long _lastCallTicks;
    private long _lastAttachTicks;
    private long _exitedTicks;
    private int _listenersTotal;
    private int _listenersOpen;
    private SafeFdHandle? _initPidFd;

    public ContainerRecording(ContainerIdentity identity, ContainerPolicy policy, RecorderClock clock, EventHub events)
    {
        Identity = identity;
        Policy = policy;
        _clock = clock;
        _events = events;
        Executables = new ExecutableRecorder(
            ProcInspector.Instance, (long)(ExecutableRevalidation.TotalSeconds * clock.TimeProvider.TimestampFrequency));
        FirstSeenTicks = clock.Now();
        _lastAttachTicks = FirstSeenTicks;
    }

    /// <summary>An exited container as an earlier daemon stored it (no listeners open); counters are seeded by the caller.</summary>
    public ContainerRecording(ContainerIdentity identity, ContainerPolicy policy, RecorderClock clock, EventHub events, RestoredState state)
        : this(identity, policy, clock, events)
    {
        FirstSeenTicks = clock.FromWallClock(state.FirstSeen);
        _lastAttachTicks = clock.FromWallClock(state.LastSeen);
        _exitedTicks = clock.FromWallClock(state.ExitedAt ?? state.LastSeen);
        _notifications = state.Notifications;
        _violations = state.Violations;
        _listenersTotal = state.ListenersTotal;
        _termination = state.Termination;
        _lastViolationTicks = state.LastViolation is { } lastViolation ? clock.FromWallClock(lastViolation) : 0;
    }

    public string Id => Identity.Id;

    /// <summary>Which run of <see cref="Id"/> this is: the key of the registry, the database and the hand-over.</summary>
    public RunKey Key => Identity.Key;

    public ContainerIdentity Identity { get; }

    /// <summary>Fixed when the first fd arrives; execs into the container are answered the same way.</summary>
    public ContainerPolicy Policy { get; }

    /// <summary>TimeProvider ticks of the last denied call; 0 while there has been none.</summary>
    public long LastViolationTicks => Volatile.Read(ref _lastViolationTicks);

    public long Violations => Volatile.Read(ref _violations);

    public long FirstSeenTicks { get; }

    public SyscallCounters Counters { get; } = new();

    /// <summary>The values of the arguments <see cref="ArgumentTable"/> names, per (arch, syscall).</summary>
    public ArgumentRecorder Arguments { get; } = new();

    /// <summary>The paths of denied path-taking calls (of every one with --capture-paths), per (arch, syscall).</summary>
    public PathRecorder Paths { get; } = new();

    /// <summary>The counts per (executable, arch, syscall): which program made each call.</summary>
    public ExecutableRecorder Executables { get; }

    public bool IsRunning => Volatile.Read(ref _listenersOpen) > 0;

    /// <summary>
    /// Notify fds of this container still open. "Listener" here, alone in the code, means a notify fd (the kernel's
    /// SECCOMP_FILTER_FLAG_NEW_LISTENER): these counts are the API's listeners_open and listeners_total, whose names
    /// stay, and the names follow them.
    /// </summary>
    public int ListenersOpen => Volatile.Read(ref _listenersOpen);

    public long Notifications => Volatile.Read(ref _notifications);

    /// <summary>A pidfd for the init process, held from the first fd on so a later kill cannot hit a reused pid.</summary>
    public SafeFdHandle? InitPidFd
    {
        get
        {
            lock (_gate)
            {
                return _initPidFd;
            }
        }
    }

    /// <summary>
    /// Hot path: counts one notification as <paramref name="verdict"/> answered it. Allocation-free except on the first
    /// call, or first violation, of an (arch, nr), the first of a tracked argument, and the first call of an executable;
    /// a thread's first call reads /proc (<see cref="ProcessCache"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RecordCall(in SeccompNotification notification, long ticks, Verdict verdict)
    {
        SyscallArch arch = ArchDecoder.Decode(notification.Arch, notification.Nr, out int tableNr);
        RecordCall(notification, ticks, verdict, arch, tableNr);
    }

    /// <summary>The hot path's form: (arch, table number) decoded once by the caller for the policy and the counts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RecordCall(in SeccompNotification notification, long ticks, Verdict verdict, SyscallArch arch, int tableNr)
    {
        // Before the count: a snapshot reads counts, then arguments, so the arguments it stores cover every call counted
        // (a flush writes a syscall's arguments when its count changed, and only then).
        Arguments.Record(arch, tableNr, notification);
        Executables.Record(arch, tableNr, notification, ticks, verdict.Denied, verdict.Violation);
        Interlocked.Increment(ref _notifications);
        Volatile.Write(ref _lastCallTicks, ticks);
        if (verdict.Violation)
        {
            Interlocked.Increment(ref _violations);
            Volatile.Write(ref _lastViolationTicks, ticks);
        }

        RecordOutcome outcome = Counters.Record(arch, notification.Arch, notification.Nr, tableNr, ticks, verdict.Denied, verdict.Violation);
        if (outcome != RecordOutcome.None)
        {
            Announce(outcome, (int)notification.Pid, arch, notification.Arch, tableNr, ticks);
        }
    }

    /// <summary>True exactly once, for the stop scheduler's first sighting of a violation.</summary>
    public bool TryAnnounceStop() => Interlocked.Exchange(ref _stopAnnounced, 1) == 0;

    /// <summary>Records that the daemon killed the container; false if it already has a termination.</summary>
    public bool TrySetTermination(string reason, string message, long ticks)
    {
        lock (_gate)
        {
            if (_termination is not null)
            {
                return false;
            }

            _termination = new ContainerTermination(reason, message, _clock.ToWallClock(ticks));
            return true;
        }
    }

    /// <summary>Withdraws a termination recorded just before a kill that found the process already gone.</summary>
    public void ClearTermination()
    {
        lock (_gate)
        {
            _termination = null;
        }
    }

    public ContainerTermination? Termination
    {
        get
        {
            lock (_gate)
            {
                return _termination;
            }
        }
    }

    /// <summary>A notify fd of this container is now served. Takes ownership of <paramref name="initPidFd"/>.</summary>
    public void ListenerAttached(SafeFdHandle? initPidFd)
    {
        lock (_gate)
        {
            _listenersTotal++;
            _listenersOpen++;
            _exitedTicks = 0;
            _lastAttachTicks = _clock.Now();
            KeepInitPidFd(initPidFd);
        }
    }

    /// <summary>
    /// A notify fd that a predecessor daemon served is served here now: open again, but not a new listener (the
    /// count of listeners it handed over is in the restored state). Takes ownership of <paramref name="initPidFd"/>.
    /// </summary>
    public void ListenerAdopted(SafeFdHandle? initPidFd)
    {
        lock (_gate)
        {
            _listenersOpen++;
            _exitedTicks = 0;
            KeepInitPidFd(initPidFd);
        }
    }

    // Under _gate. The first live pidfd wins; a later one (an exec's view of the same init) is closed.
    private void KeepInitPidFd(SafeFdHandle? initPidFd)
    {
        if (initPidFd is null)
        {
            return;
        }

        if (_initPidFd is null || _initPidFd.IsClosed)
        {
            _initPidFd = initPidFd;
        }
        else
        {
            initPidFd.Dispose();
        }
    }

    /// <summary>A notify fd was retired. Returns true when it was the container's last one: the container exited.</summary>
    public bool ListenerClosed()
    {
        lock (_gate)
        {
            // One Detach per Attach; a surplus must not drive the count negative or report a second exit.
            if (_listenersOpen == 0)
            {
                return false;
            }

            _listenersOpen--;
            if (_listenersOpen > 0)
            {
                return false;
            }

            _exitedTicks = _clock.Now();
            _initPidFd?.Dispose();
            _initPidFd = null;
            return true;
        }
    }

    public ContainerSnapshot Snapshot(bool includeSyscalls)
    {
        List<SyscallCount> counts = [];
        Counters.CopyTo(counts);
        List<SyscallSnapshot> syscalls = includeSyscalls ? new List<SyscallSnapshot>(counts.Count) : [];
        List<ExecutableSnapshot>? executables = includeSyscalls ? Executables.Snapshot() : null;
        if (includeSyscalls)
        {
            foreach (SyscallCount count in counts)
            {
                syscalls.Add(ToSnapshot(count, includeArguments: true));
            }

            syscalls.Sort(static (a, b) => a.Arch != b.Arch ? a.Arch.CompareTo(b.Arch) : a.Nr.CompareTo(b.Nr));
        }

        lock (_gate)
        {
            long lastSeen = Math.Max(_lastAttachTicks, Volatile.Read(ref _lastCallTicks));
            return new ContainerSnapshot(
                Id,
                _listenersOpen > 0 ? ContainerLifecycle.Running : ContainerLifecycle.Exited,
                _clock.ToWallClock(FirstSeenTicks),
                _clock.ToWallClock(lastSeen),
                _listenersOpen > 0 ? null : _clock.ToWallClock(_exitedTicks),
                Identity.InitPid,
                Identity.Bundle,
                Identity.OciVersion,
                Identity.Annotations,
                Identity.Metadata,
                Identity.Kubernetes,
                Key.RuntimeNamespace,
                Key.Run,
                _listenersTotal,
                _listenersOpen,
                Volatile.Read(ref _notifications),
                Volatile.Read(ref _violations),
                Policy.Effective,
                _termination,
                syscalls,
                Identity.Coverage ?? SyscallCoverage.NotRead,
                includeSyscalls ? executables : null,
                Policy.Answers is not null);
        }
    }

    public SyscallSnapshot ToSnapshot(SyscallCount count, bool includeArguments) => new(
        count.Arch,
        ArchDecoder.Name(count.Arch, count.AuditArch),
        count.Nr,
        count.Arch == SyscallArch.Unknown ? null : SyscallTable.Name(count.Arch, count.Nr),
        count.Count,
        count.Denied,
        _clock.ToWallClock(count.FirstTicks),
        _clock.ToWallClock(count.LastTicks),
        includeArguments ? Arguments.Snapshot(count.Arch, count.Nr) : null,
        count.Violations,
        count.Violations > 0 ? ViolationReason(count) : null,
        includeArguments ? Paths.Snapshot(count.Arch, count.Nr) : null);

    // Off the hot path: for snapshots and events of a syscall with violations.
    private string? ViolationReason(SyscallCount count) =>
        Policy.Reasons?.For(count.Arch == SyscallArch.Unknown ? null : SyscallTable.Name(count.Arch, count.Nr));

    /// <summary>Capture path: a path not seen before for this (arch, syscall) was kept. At most MaxPaths times per syscall.</summary>
    public void AnnouncePath(int pid, SyscallArch arch, uint auditArch, int tableNr, PathEntry path, long ticks) =>
        _events.Publish(new PendingEvent(RecorderEventKind.PathSeen, this, pid, arch, auditArch, tableNr, ticks, path));

    // Off the common path: once per (arch, nr) and kind in the life of the container.
    private void Announce(RecordOutcome outcome, int pid, SyscallArch arch, uint auditArch, int tableNr, long ticks)
    {
        if ((outcome & RecordOutcome.FirstSeen) != 0)
        {
            _events.Publish(new PendingEvent(RecorderEventKind.SyscallFirstSeen, this, pid, arch, auditArch, tableNr, ticks));
        }

        if ((outcome & RecordOutcome.FirstViolation) != 0)
        {
            _events.Publish(new PendingEvent(RecorderEventKind.Violation, this, pid, arch, auditArch, tableNr, ticks));
        }
    }
}
