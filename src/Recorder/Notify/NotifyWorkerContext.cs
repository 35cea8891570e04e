using Microsoft.Extensions.Logging;
using SeccompRecorder.Native;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Paths;

namespace SeccompRecorder.Notify;

/// <summary>
/// Everything one <see cref="NotifyWorker"/> needs, built once per worker by <see cref="NotifyDispatcher"/> (as
/// Kestrel's Http2StreamContext is per stream): the worker reads from it and reports its end to
/// <see cref="LifetimeHandler"/>, and knows nothing else of the dispatcher.
/// </summary>
internal sealed class NotifyWorkerContext
{
    public NotifyWorkerContext(
        SeccompNotifyFd fd,
        ContainerRecording container,
        int pid,
        INotifyFdJournalEntry? journal,
        RecorderClock clock,
        NotifyWakeUp wakeUp,
        DaemonCounters counters,
        SyncWakeUpReport syncWakeUp,
        PathReadCounters pathCounters,
        INotifyWorkerLifetimeHandler lifetimeHandler,
        ILogger logger)
    {
        Fd = fd;
        Container = container;
        Pid = pid;
        Journal = journal;
        Clock = clock;
        WakeUp = wakeUp;
        Counters = counters;
        SyncWakeUp = syncWakeUp;
        LifetimeHandler = lifetimeHandler;
        Logger = logger;
        Latency = new LatencyHistogram(clock.TimeProvider.TimestampFrequency);
        Paths = new PathCapture(container, pathCounters);
    }

    /// <summary>The fd served; owned by the dispatcher, which closes or parks it once the worker has ended.</summary>
    public SeccompNotifyFd Fd { get; }

    /// <summary>The recording each notification is counted in; its policy decides the answer.</summary>
    public ContainerRecording Container { get; }

    /// <summary>The process that handed the fd over.</summary>
    public int Pid { get; }

    /// <summary>The journal's entry for this fd (a copy kept outside the process), or null.</summary>
    public INotifyFdJournalEntry? Journal { get; }

    public RecorderClock Clock { get; }

    /// <summary>How the worker waits, and how it is told to stop (shutdown, or a hand-over that parks it).</summary>
    public NotifyWakeUp WakeUp { get; }

    /// <summary>Daemon-wide counters: a withdrawn notification, off the common path.</summary>
    public DaemonCounters Counters { get; }

    public SyncWakeUpReport SyncWakeUp { get; }

    /// <summary>Told once when the worker's thread ends, whatever ended it.</summary>
    public INotifyWorkerLifetimeHandler LifetimeHandler { get; }

    public ILogger Logger { get; }

    /// <summary>Reads the path of a denied path-taking call (and of every one with --capture-paths) before SEND.</summary>
    public PathCapture Paths { get; }

    /// <summary>Time from RECV returning to SEND returning, written by the worker's thread only.</summary>
    public LatencyHistogram Latency { get; }
}
