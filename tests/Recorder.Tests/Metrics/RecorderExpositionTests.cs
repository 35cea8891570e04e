using System.Text;
using SeccompRecorder.Agent;
using SeccompRecorder.Metrics;
using SeccompRecorder.Notify;
using Xunit;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Tests.Metrics;

public sealed class RecorderExpositionTests
{
    /// <summary>
    /// The whole exposition of <see cref="MetricsSamples.Snapshot"/>: escaped hostile ids and pod names, two unknown
    /// numbers merged into one "unknown" series per action, getppid of two archs merged in CRI-O's family (it has no
    /// arch label), zero-valued families present, every rejection reason present.
    /// </summary>
    public const string Golden = """
        # HELP seccomp_recorder_syscalls_total Notified syscalls per container and (arch, syscall), by answer: allowed (the call ran) or denied (failed with an errno, or killed). syscall is "unknown" for numbers the arch's table does not name; runtime_namespace is containerd's namespace (empty for other runtimes). A reused container id counts from zero again: its newest run is exported.
        # TYPE seccomp_recorder_syscalls_total counter
        seccomp_recorder_syscalls_total{container="crio-made",pod="",namespace="",syscall="getppid",arch="x86",action="denied",runtime_namespace=""} 3
        seccomp_recorder_syscalls_total{container="crio-made",pod="",namespace="",syscall="getppid",arch="x86_64",action="denied",runtime_namespace=""} 4
        seccomp_recorder_syscalls_total{container="crio-made",pod="",namespace="",syscall="mkdir",arch="x86_64",action="denied",runtime_namespace=""} 2
        seccomp_recorder_syscalls_total{container="evil\"id\\with\nnewline",pod="pod\"\\\n0",namespace="shop",syscall="getppid",arch="x86",action="allowed",runtime_namespace=""} 1
        seccomp_recorder_syscalls_total{container="evil\"id\\with\nnewline",pod="pod\"\\\n0",namespace="shop",syscall="getppid",arch="x86_64",action="allowed",runtime_namespace=""} 3
        seccomp_recorder_syscalls_total{container="evil\"id\\with\nnewline",pod="pod\"\\\n0",namespace="shop",syscall="getppid",arch="x86_64",action="denied",runtime_namespace=""} 2
        seccomp_recorder_syscalls_total{container="evil\"id\\with\nnewline",pod="pod\"\\\n0",namespace="shop",syscall="unknown",arch="x86_64",action="allowed",runtime_namespace=""} 6
        seccomp_recorder_syscalls_total{container="evil\"id\\with\nnewline",pod="pod\"\\\n0",namespace="shop",syscall="unknown",arch="x86_64",action="denied",runtime_namespace=""} 1
        # HELP seccomp_recorder_violations_total Notified syscalls per container and (arch, syscall) that broke its policy: denied under log and stop (expected denials are not), let through under audit. Only series with a violation are written; labels as seccomp_recorder_syscalls_total's.
        # TYPE seccomp_recorder_violations_total counter
        seccomp_recorder_violations_total{container="crio-made",pod="",namespace="",syscall="getppid",arch="x86",runtime_namespace=""} 3
        seccomp_recorder_violations_total{container="crio-made",pod="",namespace="",syscall="getppid",arch="x86_64",runtime_namespace=""} 4
        seccomp_recorder_violations_total{container="crio-made",pod="",namespace="",syscall="mkdir",arch="x86_64",runtime_namespace=""} 2
        seccomp_recorder_violations_total{container="evil\"id\\with\nnewline",pod="pod\"\\\n0",namespace="shop",syscall="getppid",arch="x86_64",runtime_namespace=""} 2
        seccomp_recorder_violations_total{container="evil\"id\\with\nnewline",pod="pod\"\\\n0",namespace="shop",syscall="unknown",arch="x86_64",runtime_namespace=""} 1
        # HELP seccomp_recorder_containers Containers the daemon knows, by state (the API's view; retention does not apply).
        # TYPE seccomp_recorder_containers gauge
        seccomp_recorder_containers{state="exited"} 3
        seccomp_recorder_containers{state="running"} 1
        # HELP seccomp_recorder_containers_stopped_total Containers the stop policy killed when the grace window after their last violation passed.
        # TYPE seccomp_recorder_containers_stopped_total counter
        seccomp_recorder_containers_stopped_total 0
        # HELP seccomp_recorder_storage_errors_total Flushes to the recordings database that failed (disk full, I/O); each is retried by the next flush.
        # TYPE seccomp_recorder_storage_errors_total counter
        seccomp_recorder_storage_errors_total 3
        # HELP seccomp_recorder_listener_connections_total Runtime connections on the listener socket: accepted (reason=""), rejected with the reason, or closed by the peer before its first byte (result="closed": a failed crun start, a second daemon probing the socket; not a refusal).
        # TYPE seccomp_recorder_listener_connections_total counter
        seccomp_recorder_listener_connections_total{result="accepted",reason=""} 4
        seccomp_recorder_listener_connections_total{result="closed",reason=""} 0
        seccomp_recorder_listener_connections_total{result="rejected",reason="control_malformed"} 0
        seccomp_recorder_listener_connections_total{result="rejected",reason="control_truncated"} 0
        seccomp_recorder_listener_connections_total{result="rejected",reason="fd_count_mismatch"} 0
        seccomp_recorder_listener_connections_total{result="rejected",reason="invalid_state"} 2
        seccomp_recorder_listener_connections_total{result="rejected",reason="no_seccomp_fd"} 0
        seccomp_recorder_listener_connections_total{result="rejected",reason="not_seccomp_listener"} 0
        seccomp_recorder_listener_connections_total{result="rejected",reason="peer_not_allowed"} 0
        seccomp_recorder_listener_connections_total{result="rejected",reason="read_failed"} 0
        seccomp_recorder_listener_connections_total{result="rejected",reason="shutting_down"} 0
        seccomp_recorder_listener_connections_total{result="rejected",reason="timeout"} 0
        seccomp_recorder_listener_connections_total{result="rejected",reason="too_large"} 0
        # HELP seccomp_recorder_notifications_withdrawn_total Notifications counted whose target was gone when the answer came: the task was killed, or a signal interrupted the call (it restarts as a new notification or fails with EINTR).
        # TYPE seccomp_recorder_notifications_withdrawn_total counter
        seccomp_recorder_notifications_withdrawn_total 2
        # HELP seccomp_recorder_notification_duration_seconds Time the daemon took to answer a seccomp notification, from RECV returning to SEND returning.
        # TYPE seccomp_recorder_notification_duration_seconds histogram
        seccomp_recorder_notification_duration_seconds_bucket{le="1e-06"} 0
        seccomp_recorder_notification_duration_seconds_bucket{le="2.5e-06"} 0
        seccomp_recorder_notification_duration_seconds_bucket{le="5e-06"} 3
        seccomp_recorder_notification_duration_seconds_bucket{le="1e-05"} 10
        seccomp_recorder_notification_duration_seconds_bucket{le="2.5e-05"} 12
        seccomp_recorder_notification_duration_seconds_bucket{le="5e-05"} 12
        seccomp_recorder_notification_duration_seconds_bucket{le="0.0001"} 12
        seccomp_recorder_notification_duration_seconds_bucket{le="0.00025"} 12
        seccomp_recorder_notification_duration_seconds_bucket{le="0.0005"} 12
        seccomp_recorder_notification_duration_seconds_bucket{le="0.001"} 12
        seccomp_recorder_notification_duration_seconds_bucket{le="0.0025"} 12
        seccomp_recorder_notification_duration_seconds_bucket{le="0.01"} 12
        seccomp_recorder_notification_duration_seconds_bucket{le="+Inf"} 13
        seccomp_recorder_notification_duration_seconds_sum 0.0125
        seccomp_recorder_notification_duration_seconds_count 13
        # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
        # TYPE process_cpu_seconds_total counter
        process_cpu_seconds_total 1.25
        # HELP process_open_fds Number of open file descriptors.
        # TYPE process_open_fds gauge
        process_open_fds 42
        # HELP process_max_fds Maximum number of open file descriptors.
        # TYPE process_max_fds gauge
        process_max_fds 1048576
        # HELP process_virtual_memory_bytes Virtual memory size in bytes.
        # TYPE process_virtual_memory_bytes gauge
        process_virtual_memory_bytes 274877906944
        # HELP process_resident_memory_bytes Resident memory size in bytes.
        # TYPE process_resident_memory_bytes gauge
        process_resident_memory_bytes 52428800
        # HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
        # TYPE process_start_time_seconds gauge
        process_start_time_seconds 1795341600.5
        # HELP seccomp_recorder_build_info The seccomp-recorder version serving these metrics; always 1.
        # TYPE seccomp_recorder_build_info gauge
        seccomp_recorder_build_info{version="0.1.0"} 1
        # HELP container_runtime_crio_containers_seccomp_notifier_count_total Number of forbidden syscalls by syscall and container name
        # TYPE container_runtime_crio_containers_seccomp_notifier_count_total counter
        container_runtime_crio_containers_seccomp_notifier_count_total{name="evil\"id\\with\nnewline",syscall="getppid"} 2
        container_runtime_crio_containers_seccomp_notifier_count_total{name="evil\"id\\with\nnewline",syscall="unknown"} 1
        container_runtime_crio_containers_seccomp_notifier_count_total{name="k8s_app_web-0_shop_uid-2_0",syscall="getppid"} 7
        container_runtime_crio_containers_seccomp_notifier_count_total{name="k8s_app_web-0_shop_uid-2_0",syscall="mkdir"} 2

        """;

    /// <summary>A daemon that has seen nothing: every family still announced, zeros where a series always exists.</summary>
    public const string EmptyGolden = """
        # HELP seccomp_recorder_syscalls_total Notified syscalls per container and (arch, syscall), by answer: allowed (the call ran) or denied (failed with an errno, or killed). syscall is "unknown" for numbers the arch's table does not name; runtime_namespace is containerd's namespace (empty for other runtimes). A reused container id counts from zero again: its newest run is exported.
        # TYPE seccomp_recorder_syscalls_total counter
        # HELP seccomp_recorder_violations_total Notified syscalls per container and (arch, syscall) that broke its policy: denied under log and stop (expected denials are not), let through under audit. Only series with a violation are written; labels as seccomp_recorder_syscalls_total's.
        # TYPE seccomp_recorder_violations_total counter
        # HELP seccomp_recorder_containers Containers the daemon knows, by state (the API's view; retention does not apply).
        # TYPE seccomp_recorder_containers gauge
        seccomp_recorder_containers{state="exited"} 0
        seccomp_recorder_containers{state="running"} 0
        # HELP seccomp_recorder_containers_stopped_total Containers the stop policy killed when the grace window after their last violation passed.
        # TYPE seccomp_recorder_containers_stopped_total counter
        seccomp_recorder_containers_stopped_total 0
        # HELP seccomp_recorder_storage_errors_total Flushes to the recordings database that failed (disk full, I/O); each is retried by the next flush.
        # TYPE seccomp_recorder_storage_errors_total counter
        seccomp_recorder_storage_errors_total 0
        # HELP seccomp_recorder_listener_connections_total Runtime connections on the listener socket: accepted (reason=""), rejected with the reason, or closed by the peer before its first byte (result="closed": a failed crun start, a second daemon probing the socket; not a refusal).
        # TYPE seccomp_recorder_listener_connections_total counter
        seccomp_recorder_listener_connections_total{result="accepted",reason=""} 0
        seccomp_recorder_listener_connections_total{result="rejected",reason="timeout"} 0
        # HELP seccomp_recorder_notifications_withdrawn_total Notifications counted whose target was gone when the answer came: the task was killed, or a signal interrupted the call (it restarts as a new notification or fails with EINTR).
        # TYPE seccomp_recorder_notifications_withdrawn_total counter
        seccomp_recorder_notifications_withdrawn_total 0
        # HELP seccomp_recorder_notification_duration_seconds Time the daemon took to answer a seccomp notification, from RECV returning to SEND returning.
        # TYPE seccomp_recorder_notification_duration_seconds histogram
        seccomp_recorder_notification_duration_seconds_bucket{le="0.001"} 0
        seccomp_recorder_notification_duration_seconds_bucket{le="+Inf"} 0
        seccomp_recorder_notification_duration_seconds_sum 0
        seccomp_recorder_notification_duration_seconds_count 0
        # HELP seccomp_recorder_build_info The seccomp-recorder version serving these metrics; always 1.
        # TYPE seccomp_recorder_build_info gauge
        seccomp_recorder_build_info{version="0.0.0-dev+\"x\""} 1

        """;

    [Fact]
    public void Write_HostileSnapshot_MatchesGoldenText()
    {
        string text = RecorderExposition.Write(MetricsSamples.Snapshot()).ToString();

        Assert.Equal(Golden.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void Write_NothingSeenNoProcfs_FamiliesAnnouncedWithZeros()
    {
        MetricsSnapshot empty = new(
            [], 0, 0, 0, 0, 0, 0, [(RejectReason.Timeout, 0)], new HistogramSnapshot([0.001], [0, 0], 0, 0), Process: null,
            Version: "0.0.0-dev+\"x\"", CrioCompatible: false);

        string text = RecorderExposition.Write(empty).ToString();

        Assert.Equal(EmptyGolden.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void Serialize_HostileSnapshot_Utf8WithoutBomAndOnlyLineFeeds()
    {
        byte[] bytes = RecorderExposition.Serialize(MetricsSamples.Snapshot() with { Version = "é\r" }).ToArray();

        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal((byte)'\n', bytes[^1]);
        string text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("seccomp_recorder_build_info{version=\"é\r\"} 1\n", text, StringComparison.Ordinal);
        Assert.Equal(1, text.Count(c => c == '\r'));
    }

    [Fact]
    public void Write_CrioCompatibleOff_NoCrioFamily()
    {
        string text = RecorderExposition.Write(MetricsSamples.Snapshot(crioCompatible: false)).ToString();

        Assert.DoesNotContain("container_runtime_crio", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AuditAndExpectedDenials_ViolationsApartFromWhatFailed()
    {
        // Under audit keyctl ran and broke the policy; clone3 failed (ENOSYS, an expected denial) and broke nothing.
        SyscallSnapshot keyctl = MetricsSamples.Syscall(SyscallArch.X86_64, 250, "keyctl", count: 1, denied: 0) with { Violations = 1 };
        SyscallSnapshot clone3 = MetricsSamples.Syscall(SyscallArch.X86_64, 435, "clone3", count: 1, denied: 1) with { Violations = 0 };
        MetricsSnapshot snapshot = MetricsSamples.Snapshot(crioCompatible: false) with
        {
            Containers = [MetricsSamples.Container("audited", ContainerLifecycle.Running, null, null, new Dictionary<string, string>(), [keyctl, clone3])],
        };

        string text = RecorderExposition.Write(snapshot).ToString();

        Assert.Contains("seccomp_recorder_syscalls_total{container=\"audited\",pod=\"\",namespace=\"\",syscall=\"keyctl\",arch=\"x86_64\",action=\"allowed\",runtime_namespace=\"\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("seccomp_recorder_syscalls_total{container=\"audited\",pod=\"\",namespace=\"\",syscall=\"clone3\",arch=\"x86_64\",action=\"denied\",runtime_namespace=\"\"} 1\n", text, StringComparison.Ordinal);
        Assert.Equal(
            ["seccomp_recorder_violations_total{container=\"audited\",pod=\"\",namespace=\"\",syscall=\"keyctl\",arch=\"x86_64\",runtime_namespace=\"\"} 1"],
            text.Split('\n').Where(line => line.StartsWith("seccomp_recorder_violations_total{", StringComparison.Ordinal)));
    }

    [Fact]
    public void Write_EverySeries_AppearsOnce()
    {
        string[] samples = RecorderExposition.Write(MetricsSamples.Snapshot()).ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => line[..line.LastIndexOf(' ')])
            .ToArray();

        Assert.Equal(samples.Length, samples.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("InvalidState", "invalid_state")]
    [InlineData("Timeout", "timeout")]
    [InlineData("NotSeccompListener", "not_seccomp_listener")]
    [InlineData("PeerNotAllowed", "peer_not_allowed")]
    public void ReasonLabel_PascalCaseReason_SnakeCase(string reason, string expected) =>
        Assert.Equal(expected, RecorderExposition.ReasonLabel(Enum.Parse<RejectReason>(reason)));

    [Fact]
    public void ReasonLabel_EveryReason_ValidAndDistinct()
    {
        string[] labels = [.. Enum.GetValues<RejectReason>().Select(RecorderExposition.ReasonLabel)];

        Assert.All(labels, label => Assert.Matches("^[a-z][a-z_]*$", label));
        Assert.Equal(labels.Length, labels.Distinct(StringComparer.Ordinal).Count());
    }
}
