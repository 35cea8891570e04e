using SeccompRecorder.Agent;
using SeccompRecorder.Metrics;
using SeccompRecorder.Notify;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Metrics;

public sealed class MetricsCollectorTests
{
    private static readonly DateTimeOffset T0 = MetricsSamples.T0;
    private readonly ManualTimeProvider _time = new(1, T0);
    private readonly DaemonCounters _counters;

    public MetricsCollectorTests() => _counters = new DaemonCounters(new RecorderClock(_time));

    [Fact]
    public void Collect_ExitedWithinRetention_Exported()
    {
        MetricsCollector collector = Collector(Exited("fresh", T0.AddSeconds(-59)));

        MetricsSnapshot snapshot = collector.Collect();

        Assert.Equal(["fresh"], snapshot.Containers.Select(c => c.Id));
    }

    [Fact]
    public void Collect_ExitedLongerAgoThanRetention_SeriesGoneStateGaugeKeepsIt()
    {
        MetricsCollector collector = Collector(Exited("old", T0.AddSeconds(-60)), Running("live"));

        MetricsSnapshot snapshot = collector.Collect();

        Assert.Equal(["live"], snapshot.Containers.Select(c => c.Id));
        Assert.Equal((1, 1), (snapshot.ContainersRunning, snapshot.ContainersExited));
        string text = RecorderExposition.Write(snapshot).ToString();
        Assert.DoesNotContain("container=\"old\"", text, StringComparison.Ordinal);
        Assert.Contains("seccomp_recorder_syscalls_total{container=\"live\",", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_ClockPassesTheRetention_SeriesDisappearThen()
    {
        MetricsCollector collector = Collector(Exited("c", T0));

        Assert.Single(collector.Collect().Containers);
        _time.Advance(TimeSpan.FromSeconds(59.999));
        Assert.Single(collector.Collect().Containers);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Empty(collector.Collect().Containers);
    }

    [Fact]
    public void Collect_RunningForLongerThanRetention_StillExported()
    {
        MetricsCollector collector = Collector(Running("long-lived"));
        _time.Advance(TimeSpan.FromDays(2));

        Assert.Single(collector.Collect().Containers);
    }

    [Fact]
    public void Collect_Counters_CopiedIntoTheSnapshot()
    {
        _counters.ConnectionAccepted();
        _counters.ConnectionAccepted();
        _counters.ConnectionRejected(RejectReason.TooLarge);
        _counters.ContainerStopped();
        MetricsCollector collector = Collector();

        MetricsSnapshot snapshot = collector.Collect();

        Assert.Equal((2L, 1L), (snapshot.ConnectionsAccepted, snapshot.ContainersStopped));
        Assert.Contains((RejectReason.TooLarge, 1L), snapshot.Rejections);
        Assert.Equal(ThisAssembly.Version, snapshot.Version);
        Assert.True(snapshot.CrioCompatible);
    }

    private MetricsCollector Collector(params ContainerSnapshot[] containers) => new(
        new ListReader(containers),
        _counters,
        () => new HistogramSnapshot(LatencyHistogram.UpperBounds, new long[LatencyHistogram.UpperBounds.Length + 1], 0, 0),
        () => null,
        new MetricsSettings(CrioCompatible: true, Retention: TimeSpan.FromMinutes(1)),
        _time);

    private static ContainerSnapshot Exited(string id, DateTimeOffset at) => MetricsSamples.Container(
        id, ContainerLifecycle.Exited, at, null, new Dictionary<string, string>(),
        [MetricsSamples.Syscall(SyscallArch.X86_64, 110, "getppid", 1, 0)]);

    private static ContainerSnapshot Running(string id) => MetricsSamples.Container(
        id, ContainerLifecycle.Running, null, null, new Dictionary<string, string>(),
        [MetricsSamples.Syscall(SyscallArch.X86_64, 110, "getppid", 1, 0)]);

    private sealed class ListReader(IReadOnlyList<ContainerSnapshot> containers) : IRecordingReader
    {
        public IReadOnlyList<ContainerSnapshot> ListContainers(bool includeSyscalls) => containers;

        public ContainerLookup Lookup(string idOrPrefix, int run, bool includeSyscalls) => throw new NotSupportedException();

        public IAsyncEnumerable<RecorderEvent> WatchEvents(string? containerId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public DaemonStatus GetStatus() => throw new NotSupportedException();
    }
}
