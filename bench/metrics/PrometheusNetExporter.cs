using Prometheus;
using SeccompRecorder.Metrics;
using SeccompRecorder.Notify;
using SeccompRecorder.Recording;

namespace SeccompRecorder.MetricsBench;

/// <summary>
/// The prototype measured against our writer (issue 11 point 3): the daemon's families in a prometheus-net 8.2.1
/// registry, filled from the same <see cref="MetricsCollector"/> snapshot before each collection, as prometheus-net
/// allows it (no public custom collector): counters through <c>IncTo</c>, series of containers gone through
/// <c>RemoveLabelled</c>, the latency histogram by replaying each bucket's new samples (its sum is then the bucket
/// bounds', not the measured one). Same names, labels and values as <see cref="RecorderExposition"/>; help texts are
/// shortened, which changes the body by a few hundred bytes out of megabytes.
/// </summary>
internal sealed class PrometheusNetExporter
{
    private static readonly string[] s_syscallLabels = ["container", "pod", "namespace", "syscall", "arch", "action", "runtime_namespace"];

    private readonly MetricsCollector _collector;
    private readonly Counter _syscalls;
    private readonly Gauge _containers;
    private readonly Counter _stopped;
    private readonly Counter _storageErrors;
    private readonly Counter _withdrawn;
    private readonly Counter _connections;
    private readonly Histogram _latency;
    private readonly Gauge _build;
    private readonly Gauge[] _process;
    private readonly long[] _replayed = new long[LatencyHistogram.UpperBounds.Length + 1];
    private HashSet<SeriesKey> _exported = [];

    public PrometheusNetExporter(MetricsCollector collector)
    {
        _collector = collector;
        Registry = Prometheus.Metrics.NewCustomRegistry();
        MetricFactory factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _syscalls = factory.CreateCounter(RecorderExposition.SyscallsTotal, "Notified syscalls per container and (arch, syscall), by answer.", s_syscallLabels);
        _containers = factory.CreateGauge(RecorderExposition.Containers, "Containers the daemon knows, by state.", "state");
        _stopped = factory.CreateCounter(RecorderExposition.ContainersStoppedTotal, "Containers the stop policy killed.");
        _storageErrors = factory.CreateCounter(RecorderExposition.StorageErrorsTotal, "Flushes to the recordings database that failed.");
        _withdrawn = factory.CreateCounter(RecorderExposition.NotificationsWithdrawnTotal, "Notifications whose target was gone when the answer came.");
        _connections = factory.CreateCounter(RecorderExposition.ListenerConnectionsTotal, "Runtime connections on the listener socket.", "result", "reason");
        _latency = factory.CreateHistogram(
            RecorderExposition.NotificationDuration,
            "Time the daemon took to answer a seccomp notification.",
            new HistogramConfiguration { Buckets = LatencyHistogram.UpperBounds });
        _build = factory.CreateGauge(RecorderExposition.BuildInfo, "The seccomp-recorder version serving these metrics; always 1.", "version");
        _process =
        [
            factory.CreateGauge("process_cpu_seconds_total", "Total user and system CPU time spent in seconds."),
            factory.CreateGauge("process_open_fds", "Number of open file descriptors."),
            factory.CreateGauge("process_max_fds", "Maximum number of open file descriptors."),
            factory.CreateGauge("process_virtual_memory_bytes", "Virtual memory size in bytes."),
            factory.CreateGauge("process_resident_memory_bytes", "Resident memory size in bytes."),
            factory.CreateGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds."),
        ];
        Registry.AddBeforeCollectCallback(Update);
    }

    public CollectorRegistry Registry { get; }

    private void Update()
    {
        MetricsSnapshot snapshot = _collector.Collect();
        HashSet<SeriesKey> exported = new(_exported.Count);
        Dictionary<SeriesKey, long> unknown = [];
        foreach (ContainerSnapshot container in snapshot.Containers)
        {
            string pod = container.Kubernetes?.PodName ?? string.Empty;
            string ns = container.Kubernetes?.PodNamespace ?? string.Empty;
            foreach (SyscallSnapshot syscall in container.Syscalls)
            {
                long allowed = syscall.Count - syscall.Denied;
                (string Action, long Value)[] answers = [("allowed", allowed), ("denied", syscall.Denied)];
                foreach ((string action, long value) in answers)
                {
                    if (value == 0)
                    {
                        continue;
                    }

                    SeriesKey key = new(container.Id, pod, ns, syscall.Name ?? RecorderExposition.UnknownSyscall, syscall.ArchName, action, container.RuntimeNamespace);
                    if (syscall.Name is null)
                    {
                        unknown[key] = unknown.GetValueOrDefault(key) + value;
                        continue;
                    }

                    exported.Add(key);
                    _syscalls.WithLabels(key.ToArray()).IncTo(value);
                }
            }
        }

        foreach ((SeriesKey key, long value) in unknown)
        {
            exported.Add(key);
            _syscalls.WithLabels(key.ToArray()).IncTo(value);
        }

        foreach (SeriesKey gone in _exported)
        {
            if (!exported.Contains(gone))
            {
                _syscalls.RemoveLabelled(gone.ToArray());
            }
        }

        _exported = exported;
        _containers.WithLabels("running").Set(snapshot.ContainersRunning);
        _containers.WithLabels("exited").Set(snapshot.ContainersExited);
        _stopped.IncTo(snapshot.ContainersStopped);
        _storageErrors.IncTo(snapshot.StorageErrors);
        _withdrawn.IncTo(snapshot.NotificationsWithdrawn);
        _connections.WithLabels("accepted", string.Empty).IncTo(snapshot.ConnectionsAccepted);
        foreach ((RejectReason reason, long count) in snapshot.Rejections)
        {
            if (reason == RejectReason.ClosedBeforeFirstByte)
            {
                _connections.WithLabels("closed", string.Empty).IncTo(count);
            }
            else
            {
                _connections.WithLabels("rejected", RecorderExposition.ReasonLabel(reason)).IncTo(count);
            }
        }

        ReplayLatency(snapshot.NotificationDuration);
        _build.WithLabels(snapshot.Version).Set(1);
        if (snapshot.Process is { } process)
        {
            double[] values = [process.CpuSeconds, process.OpenFds, process.MaxFds, process.VirtualMemoryBytes, process.ResidentMemoryBytes, process.StartTimeSeconds];
            for (int i = 0; i < values.Length; i++)
            {
                _process[i].Set(values[i]);
            }
        }
    }

    /// <summary>prometheus-net's histogram only observes: each bucket's samples since the last scrape are observed at
    /// the bucket's upper bound (the +Inf bucket's at twice the last bound).</summary>
    private void ReplayLatency(HistogramSnapshot histogram)
    {
        long previous = 0;
        for (int i = 0; i < histogram.CumulativeCounts.Count; i++)
        {
            long inBucket = histogram.CumulativeCounts[i] - previous;
            previous = histogram.CumulativeCounts[i];
            long fresh = inBucket - _replayed[i];
            if (fresh > 0)
            {
                double at = i < histogram.UpperBounds.Count ? histogram.UpperBounds[i] : 2 * histogram.UpperBounds[^1];
                _latency.Observe(at, fresh);
                _replayed[i] = inBucket;
            }
        }
    }

    private readonly record struct SeriesKey(string Container, string Pod, string Namespace, string Syscall, string Arch, string Action, string RuntimeNamespace)
    {
        public string[] ToArray() => [Container, Pod, Namespace, Syscall, Arch, Action, RuntimeNamespace];
    }
}
