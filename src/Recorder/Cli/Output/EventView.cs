namespace SeccompRecorder.Cli.Output;

/// <summary>
/// One event of <c>watch</c>. <see cref="Kind"/> is "attached", "exec", "exited", "syscall" or "unknown";
/// <see cref="Pid"/> is the filter-installing process of an attach, null otherwise.
/// </summary>
internal sealed record EventView(
    DateTimeOffset? Time,
    string Kind,
    string ContainerId,
    int? Pid,
    SyscallView? Syscall);
