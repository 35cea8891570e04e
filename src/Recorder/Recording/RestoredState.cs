namespace SeccompRecorder.Recording;

/// <summary>What a stored container brings back besides its identity, policy and syscall counts.</summary>
internal sealed record RestoredState(
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset? ExitedAt,
    long Notifications,
    long Violations,
    int ListenersTotal,
    ContainerTermination? Termination);
