using Google.Protobuf.WellKnownTypes;
using SeccompRecorder.Api.V1;
using ApiPolicy = SeccompRecorder.Api.V1.Policy;
using EventKind = SeccompRecorder.Api.V1.Event.Types.Kind;

namespace SeccompRecorder.Cli.Output;

/// <summary>API messages → the views the renderers take. Order is decided here, so renderers only lay out.</summary>
internal static class ViewMapper
{
    private const long MinSeconds = -62_135_596_800; // 0001-01-01T00:00:00Z
    private const long MaxSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    public static ContainerView ToView(Container container)
    {
        List<KeyValuePair<string, string>> annotations = [.. container.Annotations];
        annotations.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));

        List<SyscallView> syscalls = container.Syscalls.Select(ToView).ToList();
        // Most frequent first; the rest only makes the order total, so equal output for equal input.
        syscalls.Sort((a, b) =>
        {
            int order = b.Count.CompareTo(a.Count);
            order = order != 0 ? order : string.CompareOrdinal(a.Name, b.Name);
            order = order != 0 ? order : string.CompareOrdinal(a.Arch, b.Arch);
            return order != 0 ? order : a.Nr.CompareTo(b.Nr);
        });

        return new ContainerView(
            container.Id,
            container.State switch
            {
                ContainerState.Running => "running",
                ContainerState.Exited => "exited",
                _ => "unknown",
            },
            container.InitPid,
            container.Bundle,
            container.OciVersion,
            container.Metadata,
            container.Kubernetes is { } k8s ? new PodView(k8s.PodNamespace, k8s.PodName, k8s.ContainerName, k8s.PodUid) : null,
            container.Policy is { } policy ? ToView(policy) : null,
            ToTime(container.FirstSeen),
            ToTime(container.LastSeen),
            ToTime(container.ExitedAt),
            ToTermination(container),
            container.ListenersOpen,
            container.ListenersTotal,
            container.Notifications,
            container.Violations,
            annotations,
            syscalls,
            Math.Max(container.Run, 1), // a daemon from before runs sends none: its one recording of the id
            container.RuntimeNamespace,
            container.Coverage is { } coverage ? ToView(coverage, container.Syscalls) : null,
            container.Executables.Count > 0 ? [.. container.Executables.Select(ToView)] : null,
            container.ExecutablesTruncated);
    }

    /// <summary>In the daemon's order (busiest first), syscalls most frequent first, ties by name: equal output for equal input.</summary>
    public static ExecutableView ToView(Executable executable)
    {
        List<ExecutableSyscallView> syscalls = [.. executable.Syscalls.Select(s => new ExecutableSyscallView(s.Name.Length > 0 ? s.Name : null, s.Arch, s.Nr, s.Count, s.Denied))];
        syscalls.Sort((a, b) =>
        {
            int order = b.Count.CompareTo(a.Count);
            order = order != 0 ? order : string.CompareOrdinal(a.Name, b.Name);
            order = order != 0 ? order : string.CompareOrdinal(a.Arch, b.Arch);
            return order != 0 ? order : a.Nr.CompareTo(b.Nr);
        });
        return new ExecutableView(executable.Path, executable.Count, executable.Denied, syscalls);
    }

    public static CoverageView ToView(Coverage coverage, IEnumerable<Syscall> syscalls)
    {
        if (!coverage.Known)
        {
            return new CoverageView(coverage.UnknownReason.Length > 0 ? coverage.UnknownReason : "not read", []);
        }

        List<ArchCoverageView> archs = [];
        foreach (ArchCoverage arch in coverage.Archs.OrderBy(a => a.Arch, StringComparer.Ordinal))
        {
            var notified = arch.Notified.ToHashSet(StringComparer.Ordinal);
            int seen = syscalls.Where(s => s.Arch == arch.Arch && notified.Contains(s.Name)).Select(s => s.Name).Distinct(StringComparer.Ordinal).Count();
            archs.Add(new ArchCoverageView(arch.Arch, [.. arch.Notified], seen, [.. arch.AllowedSilently], [.. arch.Denied]));
        }

        return new CoverageView(null, archs);
    }

    public static SyscallView ToView(Syscall syscall) => new(
        // proto3 has no null string: the daemon sends "" for a number its table does not know.
        syscall.Name.Length > 0 ? syscall.Name : null,
        syscall.Arch,
        syscall.Nr,
        syscall.Count,
        syscall.Denied,
        ToTime(syscall.FirstSeen),
        ToTime(syscall.LastSeen),
        syscall.Arguments.Count > 0 ? [.. syscall.Arguments.Select(ToView)] : null,
        syscall.Violations,
        syscall.Reason.Length > 0 ? syscall.Reason : null,
        syscall.Paths.Count > 0 || syscall.PathsOther > 0 || syscall.PathsUnread > 0
            ? new PathsView([.. syscall.Paths.Select(ToView)], syscall.PathsOther, syscall.PathsUnread)
            : null);

    public static PathView ToView(SyscallPath path) => new(path.Path, path.Truncated, path.Count);

    /// <summary>Values most frequent first, then by value: equal output for equal input.</summary>
    public static ArgumentView ToView(ArgumentValues argument)
    {
        List<ArgumentValueView> values = [.. argument.Values.Select(v => new ArgumentValueView(v.Text.Length > 0 ? v.Text : "0x" + v.Value.ToString("x", System.Globalization.CultureInfo.InvariantCulture), v.Value, v.Count))];
        values.Sort((a, b) => b.Count != a.Count ? b.Count.CompareTo(a.Count) : a.Value.CompareTo(b.Value));
        return new ArgumentView(argument.Name, values, argument.Other);
    }

    public static EventView ToView(Event recorderEvent) => new(
        ToTime(recorderEvent.Time),
        recorderEvent.Kind switch
        {
            EventKind.ContainerAttached => "attached",
            EventKind.ExecAttached => "exec",
            EventKind.ContainerExited => "exited",
            EventKind.SyscallFirstSeen => "syscall",
            EventKind.Violation => "violation",
            EventKind.StopScheduled => "stop-scheduled",
            EventKind.Stopped => "stopped",
            EventKind.Rejected => "rejected",
            EventKind.PathSeen => "path",
            _ => "unknown",
        },
        recorderEvent.ContainerId,
        recorderEvent.Kind is EventKind.ContainerAttached or EventKind.ExecAttached or EventKind.Rejected ? recorderEvent.Pid : null,
        recorderEvent.Syscall is { } syscall ? ToView(syscall) : null,
        recorderEvent.Run,
        recorderEvent.Detail,
        recorderEvent.Path is { } path ? ToView(path) : null);

    public static StatusView ToView(Status status) => new(
        status.Version,
        ToTime(status.StartedAt),
        status.ContainersRunning,
        status.ContainersTotal,
        status.ContainersStopped,
        status.ListenersOpen,
        status.Notifications,
        status.SyncWakeUp,
        status.AllocatedBytes,
        status.ConnectionsAccepted,
        status.ConnectionsRejected,
        [.. status.ExpectedDenials],
        status.CapturePaths,
        status.PathReads,
        status.PathReadsDenied);

    public static PolicyView ToView(ApiPolicy policy) => new(
        policy.Mode switch
        {
            PolicyMode.Record => "record",
            PolicyMode.Log => "log",
            PolicyMode.Stop => "stop",
            PolicyMode.Audit => "audit",
            _ => "unknown",
        },
        ToName(policy.ModeSource),
        policy.Errno,
        policy.ErrnoName.Length > 0 ? policy.ErrnoName : null,
        ToName(policy.ErrnoSource),
        ToTimeSpan(policy.Grace),
        ToName(policy.GraceSource),
        policy.SourceAnswers);

    private static string ToName(PolicySource source) => source switch
    {
        PolicySource.Default => "default",
        PolicySource.Metadata => "metadata",
        PolicySource.Annotation => "annotation",
        _ => "unknown",
    };

    private static TerminationView? ToTermination(Container container) =>
        container.TerminationReason.Length > 0 || container.TerminationMessage.Length > 0 || container.TerminatedAt is not null
            ? new TerminationView(container.TerminationReason, container.TerminationMessage, ToTime(container.TerminatedAt))
            : null;

    // Duration.ToTimeSpan throws on a value that is not normalized or beyond google/protobuf/duration.proto's range,
    // and a negative grace means nothing: either prints as unset.
    private static TimeSpan? ToTimeSpan(Duration? duration) =>
        duration is { Seconds: >= 0 and <= Duration.MaxSeconds, Nanos: >= 0 and < 1_000_000_000 }
            ? duration.ToTimeSpan()
            : null;

    // Timestamp.ToDateTimeOffset throws on values outside 0001..9999 (google/protobuf/timestamp.proto's range);
    // one odd field from the daemon should print as unset, not abort the whole listing.
    private static DateTimeOffset? ToTime(Timestamp? timestamp) =>
        timestamp is { Seconds: >= MinSeconds and <= MaxSeconds, Nanos: >= 0 and < 1_000_000_000 }
            ? timestamp.ToDateTimeOffset()
            : null;
}
