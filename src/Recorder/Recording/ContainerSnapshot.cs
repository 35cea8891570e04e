namespace SeccompRecorder.Recording;

/// <summary>
/// A container as readers see it: an immutable copy taken off the hot path. <see cref="Executables"/>: its calls per
/// executable, busiest first, when syscalls were asked for; null otherwise.
/// </summary>
internal sealed record ContainerSnapshot(
    string Id,
    ContainerLifecycle State,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset? ExitedAt,
    int InitPid,
    string Bundle,
    string OciVersion,
    IReadOnlyDictionary<string, string> Annotations,
    string Metadata,
    KubernetesIdentity? Kubernetes,
    string RuntimeNamespace,
    int Run,
    int ListenersTotal,
    int ListenersOpen,
    long Notifications,
    long Violations,
    Policy.EffectivePolicy Policy,
    ContainerTermination? Termination,
    IReadOnlyList<SyscallSnapshot> Syscalls,
    SyscallCoverage? Coverage = null,
    IReadOnlyList<Executables.ExecutableSnapshot>? Executables = null,
    bool SourceAnswers = false)
{
    public RunKey Key => new(RuntimeNamespace, Id, Run);
}
