using SeccompRecorder.Notify;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Metrics;

/// <summary>
/// Takes the snapshot a scrape serializes: the recording (as the gRPC API reads it), the daemon's counters, the
/// notify threads' latency histogram and the process sample. Reads only: the hot path never waits on a scrape.
/// </summary>
internal sealed class MetricsCollector
{
    private readonly IRecordingReader _reader;
    private readonly DaemonCounters _counters;
    private readonly Func<HistogramSnapshot> _latency;
    private readonly Func<ProcessSample?> _process;
    private readonly MetricsSettings _settings;
    private readonly TimeProvider _time;

    public MetricsCollector(
        IRecordingReader reader,
        DaemonCounters counters,
        Func<HistogramSnapshot> latency,
        Func<ProcessSample?> process,
        MetricsSettings settings,
        TimeProvider time)
    {
        _reader = reader;
        _counters = counters;
        _latency = latency;
        _process = process;
        _settings = settings;
        _time = time;
    }

    public MetricsSnapshot Collect()
    {
        IReadOnlyList<ContainerSnapshot> all = _reader.ListContainers(includeSyscalls: true);
        int running = all.Count(static c => c.State == ContainerLifecycle.Running);
        DateTimeOffset now = _time.GetUtcNow();
        return new MetricsSnapshot(
            NewestRuns(all).Where(c => IsExported(c, now, _settings.Retention)).ToArray(),
            running,
            all.Count - running,
            _counters.ContainersStopped,
            _counters.StorageErrors,
            _counters.NotificationsWithdrawn,
            _counters.ConnectionsAccepted,
            _counters.RejectionsByReason(),
            _latency(),
            _process(),
            ThisAssembly.Version,
            _settings.CrioCompatible);
    }

    /// <summary>
    /// One run per (runtime namespace, id): the newest. A reused id's earlier runs stay in the API; in the exposition
    /// the id's series count from zero again (a counter reset, which rate() and increase() take in their stride),
    /// and two runs never make two samples of one series.
    /// </summary>
    public static IEnumerable<ContainerSnapshot> NewestRuns(IReadOnlyList<ContainerSnapshot> all)
    {
        Dictionary<(string Namespace, string Id), ContainerSnapshot> newest = [];
        foreach (ContainerSnapshot container in all)
        {
            (string, string) key = (container.RuntimeNamespace, container.Id);
            if (!newest.TryGetValue(key, out ContainerSnapshot? kept) || container.Run > kept.Run)
            {
                newest[key] = container;
            }
        }

        return all.Where(c => ReferenceEquals(newest[(c.RuntimeNamespace, c.Id)], c));
    }

    /// <summary>
    /// Whether a container's series are still exported at <paramref name="now"/>: running, or exited less than
    /// <paramref name="retention"/> ago. Its recording stays in the API either way.
    /// </summary>
    public static bool IsExported(ContainerSnapshot container, DateTimeOffset now, TimeSpan retention) =>
        container.State == ContainerLifecycle.Running
        || container.ExitedAt is not { } exitedAt
        || now - exitedAt < retention;
}
