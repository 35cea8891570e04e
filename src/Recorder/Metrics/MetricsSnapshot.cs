using SeccompRecorder.Notify;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Metrics;

/// <summary>
/// Everything one exposition shows, copied before any text is written. <see cref="Containers"/> are those whose series
/// are still exported (running, or exited within the retention); the state gauge counts every container.
/// </summary>
internal sealed record MetricsSnapshot(
    IReadOnlyList<ContainerSnapshot> Containers,
    int ContainersRunning,
    int ContainersExited,
    long ContainersStopped,
    long StorageErrors,
    long NotificationsWithdrawn,
    long ConnectionsAccepted,
    IReadOnlyList<(RejectReason Reason, long Count)> Rejections,
    HistogramSnapshot NotificationDuration,
    ProcessSample? Process,
    string Version,
    bool CrioCompatible);
