using System.Text;
using System.Text.Json;
using SeccompRecorder.Demo;
using SeccompRecorder.Metrics;
using SeccompRecorder.Notify;
using SeccompRecorder.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Metrics;

/// <summary>
/// The exposition in OpenMetrics 1.0.0, as Prometheus asks for it: the golden metadata lines, the text format's sample
/// lines, and python3-prometheus-client's strict parser reading it back.
/// </summary>
public sealed class OpenMetricsExpositionTests
{
    /// <summary>
    /// The lines OpenMetrics adds to or changes in <see cref="RecorderExpositionTests.Golden"/>, whose sample lines it
    /// keeps (<see cref="Write_BothFormats_SameSampleLines"/>): counter families named without _total, quotes escaped in
    /// HELP, UNIT lines for the seconds and bytes families, # EOF.
    /// </summary>
    public const string GoldenMetadata = """
        # HELP seccomp_recorder_syscalls Notified syscalls per container and (arch, syscall), by answer: allowed (the call ran) or denied (failed with an errno, or killed). syscall is \"unknown\" for numbers the arch's table does not name; runtime_namespace is containerd's namespace (empty for other runtimes). A reused container id counts from zero again: its newest run is exported.
        # TYPE seccomp_recorder_syscalls counter
        # HELP seccomp_recorder_violations Notified syscalls per container and (arch, syscall) that broke its policy: denied under log and stop (expected denials are not), let through under audit. Only series with a violation are written; labels as seccomp_recorder_syscalls_total's.
        # TYPE seccomp_recorder_violations counter
        # HELP seccomp_recorder_containers Containers the daemon knows, by state (the API's view; retention does not apply).
        # TYPE seccomp_recorder_containers gauge
        # HELP seccomp_recorder_containers_stopped Containers the stop policy killed when the grace window after their last violation passed.
        # TYPE seccomp_recorder_containers_stopped counter
        # HELP seccomp_recorder_storage_errors Flushes to the recordings database that failed (disk full, I/O); each is retried by the next flush.
        # TYPE seccomp_recorder_storage_errors counter
        # HELP seccomp_recorder_listener_connections Runtime connections on the listener socket: accepted (reason=\"\"), rejected with the reason, or closed by the peer before its first byte (result=\"closed\": a failed crun start, a second daemon probing the socket; not a refusal).
        # TYPE seccomp_recorder_listener_connections counter
        # HELP seccomp_recorder_notifications_withdrawn Notifications counted whose target was gone when the answer came: the task was killed, or a signal interrupted the call (it restarts as a new notification or fails with EINTR).
        # TYPE seccomp_recorder_notifications_withdrawn counter
        # HELP seccomp_recorder_notification_duration_seconds Time the daemon took to answer a seccomp notification, from RECV returning to SEND returning.
        # TYPE seccomp_recorder_notification_duration_seconds histogram
        # UNIT seccomp_recorder_notification_duration_seconds seconds
        # HELP process_cpu_seconds Total user and system CPU time spent in seconds.
        # TYPE process_cpu_seconds counter
        # UNIT process_cpu_seconds seconds
        # HELP process_open_fds Number of open file descriptors.
        # TYPE process_open_fds gauge
        # HELP process_max_fds Maximum number of open file descriptors.
        # TYPE process_max_fds gauge
        # HELP process_virtual_memory_bytes Virtual memory size in bytes.
        # TYPE process_virtual_memory_bytes gauge
        # UNIT process_virtual_memory_bytes bytes
        # HELP process_resident_memory_bytes Resident memory size in bytes.
        # TYPE process_resident_memory_bytes gauge
        # UNIT process_resident_memory_bytes bytes
        # HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
        # TYPE process_start_time_seconds gauge
        # UNIT process_start_time_seconds seconds
        # HELP seccomp_recorder_build_info The seccomp-recorder version serving these metrics; always 1.
        # TYPE seccomp_recorder_build_info gauge
        # HELP container_runtime_crio_containers_seccomp_notifier_count Number of forbidden syscalls by syscall and container name
        # TYPE container_runtime_crio_containers_seccomp_notifier_count counter
        # EOF

        """;

    [Fact]
    public void Write_HostileSnapshot_MetadataLinesMatchGoldenText()
    {
        string text = Encoding.UTF8.GetString(RecorderExposition.Serialize(MetricsSamples.Snapshot(), ExpositionFormat.OpenMetrics).Span);

        Assert.Equal(GoldenMetadata.ReplaceLineEndings("\n"), string.Concat(text.Split('\n').Where(line => line.StartsWith('#')).Select(line => line + "\n")));
        Assert.EndsWith("\n# EOF\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_BothFormats_SameSampleLines()
    {
        static string[] Samples(ExpositionFormat format) =>
            [.. RecorderExposition.Write(MetricsSamples.Snapshot(), format).ToString().Split('\n').Where(line => line.Length > 0 && line[0] != '#')];

        Assert.Equal(Samples(ExpositionFormat.PrometheusText), Samples(ExpositionFormat.OpenMetrics));
    }

    [Fact]
    public async Task Parser_GoldenExposition_EveryFamilyWithItsTypeUnitAndHostileLabels()
    {
        IReadOnlyList<ParsedFamily> families = await OpenMetricsParser.ParseAsync(RecorderExposition.Serialize(MetricsSamples.Snapshot(), ExpositionFormat.OpenMetrics).ToArray());

        Assert.Equal(
            [
                "seccomp_recorder_syscalls counter ", "seccomp_recorder_violations counter ", "seccomp_recorder_containers gauge ", "seccomp_recorder_containers_stopped counter ",
                "seccomp_recorder_storage_errors counter ", "seccomp_recorder_listener_connections counter ",
                "seccomp_recorder_notifications_withdrawn counter ", "seccomp_recorder_notification_duration_seconds histogram seconds",
                "process_cpu_seconds counter seconds", "process_open_fds gauge ", "process_max_fds gauge ",
                "process_virtual_memory_bytes gauge bytes", "process_resident_memory_bytes gauge bytes", "process_start_time_seconds gauge seconds",
                "seccomp_recorder_build_info gauge ", "container_runtime_crio_containers_seccomp_notifier_count counter ",
            ],
            families.Select(f => $"{f.Name} {f.Type} {f.Unit}"));
        ParsedFamily syscalls = families[0];
        Assert.Equal(8, syscalls.Samples.Count);
        JsonElement[] hostile = syscalls.Samples[3];
        Assert.Equal("seccomp_recorder_syscalls_total", hostile[0].GetString());
        Assert.Equal(MetricsSamples.HostileId, hostile[1].GetProperty("container").GetString());
        Assert.Equal(MetricsSamples.HostilePod, hostile[1].GetProperty("pod").GetString());
        Assert.Equal(1, hostile[2].GetDouble());
        Assert.Contains("reason=\"\"", families.Single(f => f.Name == "seccomp_recorder_listener_connections").Help, StringComparison.Ordinal);
        Assert.Equal(13, families.Single(f => f.Name == "seccomp_recorder_notification_duration_seconds").Samples.Single(s => s[0].GetString() == "seccomp_recorder_notification_duration_seconds_count")[2].GetDouble());
    }

    [Fact]
    public async Task Parser_NothingSeenNoProcfs_Clean()
    {
        MetricsSnapshot empty = new(
            [], 0, 0, 0, 0, 0, 0, [(RejectReason.Timeout, 0)], new HistogramSnapshot([0.001], [0, 0], 0, 0), Process: null,
            Version: "0.0.0-dev+\"x\"", CrioCompatible: false);

        IReadOnlyList<ParsedFamily> families = await OpenMetricsParser.ParseAsync(RecorderExposition.Serialize(empty, ExpositionFormat.OpenMetrics).ToArray());

        Assert.Empty(families[0].Samples);
        Assert.Equal("0.0.0-dev+\"x\"", families[^1].Samples.Single()[1].GetProperty("version").GetString());
    }

    [Theory]
    [InlineData("# TYPE a counter\na_total 1\n")]                              // no # EOF
    [InlineData("# TYPE a_total counter\na_total 1\n# EOF\n")]                // the text format's counter naming
    [InlineData("# TYPE a gauge\na 1\n\n# EOF\n")]                           // a blank line, which the text format ignores
    public async Task Parser_TextFormatHabits_Rejected(string exposition)
    {
        // The parser is not a rubber stamp: what the text format allows and OpenMetrics does not fails it.
        ProcessResult check = await OpenMetricsParser.CheckAsync(Encoding.UTF8.GetBytes(exposition));

        Assert.False(check.Succeeded, check.ToString());
    }
}
