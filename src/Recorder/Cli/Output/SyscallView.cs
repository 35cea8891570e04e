namespace SeccompRecorder.Cli.Output;

/// <summary>
/// One (arch, nr) a container made. <see cref="Name"/> is null for a number the daemon's table does not know;
/// <see cref="Denied"/> of <see cref="Count"/> calls were answered with an errno.
/// </summary>
internal sealed record SyscallView(
    string? Name,
    string Arch,
    long Nr,
    ulong Count,
    ulong Denied,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen);
