namespace SeccompRecorder.Cli.Output;

/// <summary>One path of a syscall as the daemon read it (already escaped: README "Paths of violations").</summary>
internal sealed record PathView(string Path, bool Truncated, ulong Count);
