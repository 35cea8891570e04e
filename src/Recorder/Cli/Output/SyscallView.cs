namespace SeccompRecorder.Cli.Output;

/// <summary>One (arch, nr) a container made. <see cref="Name"/> is null for a number the daemon's table does not know.</summary>
internal sealed record SyscallView(
    string? Name,
    string Arch,
    long Nr,
    ulong Count,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen);
