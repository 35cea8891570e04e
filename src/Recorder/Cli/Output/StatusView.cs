namespace SeccompRecorder.Cli.Output;

/// <summary>The daemon's state as <c>status</c> prints it; uptime is computed at render time from a given "now".</summary>
internal sealed record StatusView(
    string Version,
    DateTimeOffset? StartedAt,
    uint ContainersRunning,
    uint ContainersTotal,
    ulong ContainersStopped,
    uint ListenersOpen,
    ulong Notifications,
    bool SyncWakeUp,
    ulong AllocatedBytes,
    ulong ConnectionsAccepted,
    ulong ConnectionsRejected,
    IReadOnlyList<string>? ExpectedDenials = null,
    bool CapturePaths = false,
    ulong PathReads = 0,
    ulong PathReadsDenied = 0);
