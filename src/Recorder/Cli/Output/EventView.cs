namespace SeccompRecorder.Cli.Output;

/// <summary>
/// One event of <c>watch</c>. <see cref="Kind"/> is "attached", "exec", "exited", "syscall", "violation",
/// "stop-scheduled", "stopped" or "unknown"; <see cref="Pid"/> is the filter-installing process of an attach, null
/// otherwise; <see cref="Syscall"/> is set for "syscall" and "violation". "rejected" is a runtime connection the daemon
/// refused (its <see cref="Detail"/> says why; <see cref="Run"/> is 0 and <see cref="ContainerId"/> may be empty).
/// "path" is a path not seen before for a syscall: <see cref="Syscall"/> and <see cref="Path"/> are set.
/// </summary>
internal sealed record EventView(
    DateTimeOffset? Time,
    string Kind,
    string ContainerId,
    int? Pid,
    SyscallView? Syscall,
    uint Run = 1,
    string Detail = "",
    PathView? Path = null);
