using Google.Protobuf.WellKnownTypes;
using SeccompRecorder.Api.V1;
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
            ToTime(container.FirstSeen),
            ToTime(container.LastSeen),
            ToTime(container.ExitedAt),
            container.ListenersOpen,
            container.ListenersTotal,
            container.Notifications,
            annotations,
            syscalls);
    }

    public static SyscallView ToView(Syscall syscall) => new(
        // proto3 has no null string: the daemon sends "" for a number its table does not know.
        syscall.Name.Length > 0 ? syscall.Name : null,
        syscall.Arch,
        syscall.Nr,
        syscall.Count,
        ToTime(syscall.FirstSeen),
        ToTime(syscall.LastSeen));

    public static EventView ToView(Event recorderEvent) => new(
        ToTime(recorderEvent.Time),
        recorderEvent.Kind switch
        {
            EventKind.ContainerAttached => "attached",
            EventKind.ExecAttached => "exec",
            EventKind.ContainerExited => "exited",
            EventKind.SyscallFirstSeen => "syscall",
            _ => "unknown",
        },
        recorderEvent.ContainerId,
        recorderEvent.Kind is EventKind.ContainerAttached or EventKind.ExecAttached ? recorderEvent.Pid : null,
        recorderEvent.Syscall is { } syscall ? ToView(syscall) : null);

    public static StatusView ToView(Status status) => new(
        status.Version,
        ToTime(status.StartedAt),
        status.ContainersRunning,
        status.ContainersTotal,
        status.ListenersOpen,
        status.Notifications,
        status.SyncWakeUp,
        status.AllocatedBytes,
        status.ConnectionsAccepted,
        status.ConnectionsRejected);

    // Timestamp.ToDateTimeOffset throws on values outside 0001..9999 (google/protobuf/timestamp.proto's range);
    // one odd field from the daemon should print as unset, not abort the whole listing.
    private static DateTimeOffset? ToTime(Timestamp? timestamp) =>
        timestamp is { Seconds: >= MinSeconds and <= MaxSeconds, Nanos: >= 0 and < 1_000_000_000 }
            ? timestamp.ToDateTimeOffset()
            : null;
}
