namespace SeccompRecorder.Recording;

/// <summary>
/// What a stored or handed-over container brings back besides its identity, policy and syscall counts.
/// <see cref="LastViolation"/> travels only in a hand-over: a stop-policy kill that was due keeps its deadline.
/// </summary>
internal sealed record RestoredState(
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset? ExitedAt,
    long Notifications,
    long Violations,
    int ListenersTotal,
    ContainerTermination? Termination,
    DateTimeOffset? LastViolation = null);
