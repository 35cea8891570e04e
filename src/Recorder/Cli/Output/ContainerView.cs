namespace SeccompRecorder.Cli.Output;

/// <summary>
/// A container as <c>ls</c> and <c>show</c> print it. <see cref="Annotations"/> are sorted by key and
/// <see cref="Syscalls"/> by count, most first; <c>ls</c> has no syscalls. <see cref="Policy"/> is null when the
/// daemon sent none, <see cref="Termination"/> unless the daemon killed the container. <see cref="Run"/> numbers the
/// runs of one id from 1; <see cref="RuntimeNamespace"/> is containerd's namespace, empty for other runtimes.
/// <see cref="Coverage"/> is null in <c>ls</c> and from a daemon that sends none; <see cref="Executables"/> too, busiest
/// first, with <see cref="ExecutablesTruncated"/> when the daemon had more than it sent.
/// </summary>
internal sealed record ContainerView(
    string Id,
    string State,
    int InitPid,
    string Bundle,
    string OciVersion,
    string Metadata,
    PodView? Pod,
    PolicyView? Policy,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    DateTimeOffset? ExitedAt,
    TerminationView? Termination,
    uint ListenersOpen,
    uint ListenersTotal,
    ulong Notifications,
    ulong Violations,
    IReadOnlyList<KeyValuePair<string, string>> Annotations,
    IReadOnlyList<SyscallView> Syscalls,
    uint Run = 1,
    string RuntimeNamespace = "",
    CoverageView? Coverage = null,
    IReadOnlyList<ExecutableView>? Executables = null,
    bool ExecutablesTruncated = false);
