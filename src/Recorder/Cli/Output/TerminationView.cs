namespace SeccompRecorder.Cli.Output;

/// <summary>Why and when the daemon killed a container (stop policy), as CRI-O words it: "seccomp killed", "Used forbidden syscalls: ...".</summary>
internal sealed record TerminationView(string Reason, string Message, DateTimeOffset? At);
