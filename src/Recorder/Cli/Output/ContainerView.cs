namespace SeccompRecorder.Cli.Output;

/// <summary>
/// A container as <c>ls</c> and <c>show</c> print it. <see cref="Annotations"/> are sorted by key and
/// <see cref="Syscalls"/> by count, most first; <c>ls</c> has no syscalls.
/// </summary>
internal sealed record ContainerView(
    string Id,
    string State,
    int InitPid,
    string Bundle,
    string OciVersion,
    string Metadata,
    PodView? Pod,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    DateTimeOffset? ExitedAt,
    uint ListenersOpen,
    uint ListenersTotal,
    ulong Notifications,
    IReadOnlyList<KeyValuePair<string, string>> Annotations,
    IReadOnlyList<SyscallView> Syscalls);
