namespace SeccompRecorder.Recording;

internal sealed record DaemonStatus(
    string Version,
    DateTimeOffset StartedAt,
    int ContainersRunning,
    int ContainersTotal,
    int ListenersOpen,
    long Notifications,
    bool SyncWakeUp,
    long AllocatedBytes,
    long ConnectionsAccepted,
    long ConnectionsRejected,
    long ContainersStopped,
    IReadOnlyList<string> ExpectedDenials);
