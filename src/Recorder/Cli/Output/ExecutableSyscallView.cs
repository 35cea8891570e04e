namespace SeccompRecorder.Cli.Output;

/// <summary>One (arch, nr) one executable made; <see cref="Name"/> is null for a number the daemon's table does not know.</summary>
internal sealed record ExecutableSyscallView(string? Name, string Arch, long Nr, ulong Count, ulong Denied);
