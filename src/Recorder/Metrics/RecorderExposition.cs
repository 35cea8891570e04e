using System.Text;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Metrics;

/// <summary>
/// The daemon's families, from one <see cref="MetricsSnapshot"/>. Names and labels are an interface (dashboards and
/// alerts query them): deploy/prometheus/README.md documents them, and the golden test pins them.
/// </summary>
internal static class RecorderExposition
{
    public const string SyscallsTotal = "seccomp_recorder_syscalls_total";
    public const string ViolationsTotal = "seccomp_recorder_violations_total";
    public const string Containers = "seccomp_recorder_containers";
    public const string ContainersStoppedTotal = "seccomp_recorder_containers_stopped_total";
    public const string StorageErrorsTotal = "seccomp_recorder_storage_errors_total";
    public const string NotificationsWithdrawnTotal = "seccomp_recorder_notifications_withdrawn_total";
    public const string ListenerConnectionsTotal = "seccomp_recorder_listener_connections_total";
    public const string NotificationDuration = "seccomp_recorder_notification_duration_seconds";
    public const string BuildInfo = "seccomp_recorder_build_info";
    public const string CrioSeccompNotifierCountTotal = "container_runtime_crio_containers_seccomp_notifier_count_total";

    /// <summary>The syscall label of a number its arch's table does not name: one series per container and arch, so
    /// a container probing random numbers cannot grow the series count (the API keeps each number).</summary>
    public const string UnknownSyscall = "unknown";

    /// <summary>CRI-O's own container name (k8s_NAME_POD_NAMESPACE_UID_ATTEMPT), set on every container it creates.</summary>
    private const string CrioNameAnnotation = "io.kubernetes.cri-o.Name";

    /// <summary>The whole exposition in <paramref name="format"/>, UTF-8.</summary>
    /// <param name="capacity">Bytes to reserve up front (the last scrape's size).</param>
    public static ReadOnlyMemory<byte> Serialize(MetricsSnapshot snapshot, ExpositionFormat format = ExpositionFormat.PrometheusText, int capacity = 4096) =>
        Write(snapshot, format, capacity).Finish();

    public static ExpositionWriter Write(MetricsSnapshot snapshot, ExpositionFormat format = ExpositionFormat.PrometheusText, int capacity = 4096)
    {
        ExpositionWriter writer = new(format, capacity);
        SyscallsFamily.Write(writer, snapshot.Containers);
        writer.Write(Violations(snapshot));
        writer.Write(ContainersByState(snapshot));
        writer.Write(Stopped(snapshot));
        writer.Write(StorageErrors(snapshot));
        writer.Write(ListenerConnections(snapshot));
        MetricFamily withdrawn = new(
            NotificationsWithdrawnTotal,
            MetricType.Counter,
            "Notifications counted whose target was gone when the answer came: the task was killed, or a signal interrupted the call (it restarts as a new notification or fails with EINTR).");
        withdrawn.Add(snapshot.NotificationsWithdrawn);
        writer.Write(withdrawn);
        writer.WriteHistogram(
            NotificationDuration,
            "Time the daemon took to answer a seccomp notification, from RECV returning to SEND returning.",
            snapshot.NotificationDuration);
        foreach (MetricFamily family in ProcessFamilies(snapshot.Process))
        {
            writer.Write(family);
        }

        MetricFamily build = new(BuildInfo, MetricType.Gauge, "The seccomp-recorder version serving these metrics; always 1.", "version");
        build.Add(1, snapshot.Version);
        writer.Write(build);
        if (snapshot.CrioCompatible)
        {
            writer.Write(CrioNotifierCount(snapshot));
        }

        return writer;
    }

    /// <summary>snake_case of the reason's name, as the log names it in PascalCase: InvalidState is invalid_state.</summary>
    public static string ReasonLabel(RejectReason reason)
    {
        string name = reason.ToString();
        StringBuilder label = new(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsAsciiLetterUpper(name[i]) && i > 0)
            {
                label.Append('_');
            }

            label.Append(char.ToLowerInvariant(name[i]));
        }

        return label.ToString();
    }

    /// <summary>The name label of CRI-O's family: CRI-O's container name when CRI-O created the container, else the id
    /// (unique, so an exited container leaving the exposition never makes a shared series go down).</summary>
    public static string CrioName(ContainerSnapshot container) =>
        container.Annotations.TryGetValue(CrioNameAnnotation, out string? name) && name.Length > 0 ? name : container.Id;

    private static MetricFamily ContainersByState(MetricsSnapshot snapshot)
    {
        MetricFamily family = new(Containers, MetricType.Gauge, "Containers the daemon knows, by state (the API's view; retention does not apply).", "state");
        family.Add(snapshot.ContainersRunning, "running");
        family.Add(snapshot.ContainersExited, "exited");
        return family;
    }

    private static MetricFamily Stopped(MetricsSnapshot snapshot)
    {
        MetricFamily family = new(ContainersStoppedTotal, MetricType.Counter, "Containers the stop policy killed when the grace window after their last violation passed.");
        family.Add(snapshot.ContainersStopped);
        return family;
    }

    private static MetricFamily StorageErrors(MetricsSnapshot snapshot)
    {
        MetricFamily family = new(StorageErrorsTotal, MetricType.Counter, "Flushes to the recordings database that failed (disk full, I/O); each is retried by the next flush.");
        family.Add(snapshot.StorageErrors);
        return family;
    }

    private static MetricFamily ListenerConnections(MetricsSnapshot snapshot)
    {
        MetricFamily family = new(
            ListenerConnectionsTotal,
            MetricType.Counter,
            "Runtime connections on the listener socket: accepted (reason=\"\"), rejected with the reason, or closed by the peer before "
            + "its first byte (result=\"closed\": a failed crun start, a second daemon probing the socket; not a refusal).",
            "result", "reason");
        family.Add(snapshot.ConnectionsAccepted, "accepted", string.Empty);
        foreach ((RejectReason reason, long count) in snapshot.Rejections)
        {
            if (reason == RejectReason.ClosedBeforeFirstByte)
            {
                family.Add(count, "closed", string.Empty);
            }
            else
            {
                family.Add(count, "rejected", ReasonLabel(reason));
            }
        }

        return family;
    }

    private static IEnumerable<MetricFamily> ProcessFamilies(ProcessSample? process)
    {
        if (process is null)
        {
            yield break;
        }

        // The Go client's names and help texts, so node dashboards' process panels work unchanged.
        yield return Single("process_cpu_seconds_total", MetricType.Counter, "Total user and system CPU time spent in seconds.", process.CpuSeconds);
        yield return Single("process_open_fds", MetricType.Gauge, "Number of open file descriptors.", process.OpenFds);
        yield return Single("process_max_fds", MetricType.Gauge, "Maximum number of open file descriptors.", process.MaxFds);
        yield return Single("process_virtual_memory_bytes", MetricType.Gauge, "Virtual memory size in bytes.", process.VirtualMemoryBytes);
        yield return Single("process_resident_memory_bytes", MetricType.Gauge, "Resident memory size in bytes.", process.ResidentMemoryBytes);
        yield return Single("process_start_time_seconds", MetricType.Gauge, "Start time of the process since unix epoch in seconds.", process.StartTimeSeconds);
    }

    /// <summary>
    /// CRI-O's family with CRI-O's meaning: forbidden syscalls, which under CRI-O's notifier are all notified calls
    /// and here are the violations (record-policy calls ran and expected denials are not forbidden, so they are not
    /// counted; audit's violations ran, and are).
    /// </summary>
    /// <summary>
    /// What broke a container's policy, apart from what failed: under audit a violation runs (syscalls_total counts it
    /// allowed) and an expected denial fails without being one. Sparse: only (container, syscall) with a violation.
    /// </summary>
    private static MetricFamily Violations(MetricsSnapshot snapshot)
    {
        MetricFamily family = new(
            ViolationsTotal,
            MetricType.Counter,
            "Notified syscalls per container and (arch, syscall) that broke its policy: denied under log and stop (expected denials are not), "
            + "let through under audit. Only series with a violation are written; labels as seccomp_recorder_syscalls_total's.",
            "container", "pod", "namespace", "syscall", "arch", "runtime_namespace");
        foreach (ContainerSnapshot container in snapshot.Containers)
        {
            foreach (SyscallSnapshot syscall in container.Syscalls)
            {
                if (syscall.Violations > 0)
                {
                    family.Add(
                        syscall.Violations,
                        container.Id,
                        container.Kubernetes?.PodName ?? string.Empty,
                        container.Kubernetes?.PodNamespace ?? string.Empty,
                        syscall.Name ?? UnknownSyscall,
                        syscall.ArchName,
                        container.RuntimeNamespace);
                }
            }
        }

        return family;
    }

    private static MetricFamily CrioNotifierCount(MetricsSnapshot snapshot)
    {
        MetricFamily family = new(CrioSeccompNotifierCountTotal, MetricType.Counter, "Number of forbidden syscalls by syscall and container name", "name", "syscall");
        foreach (ContainerSnapshot container in snapshot.Containers)
        {
            string name = CrioName(container);
            foreach (SyscallSnapshot syscall in container.Syscalls)
            {
                if (syscall.Violations > 0)
                {
                    family.Add(syscall.Violations, name, syscall.Name ?? UnknownSyscall);
                }
            }
        }

        return family;
    }

    private static MetricFamily Single(string name, MetricType type, string help, double value)
    {
        MetricFamily family = new(name, type, help);
        family.Add(value);
        return family;
    }
}
