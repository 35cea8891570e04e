namespace SeccompRecorder.Storage;

/// <summary>
/// One (arch, nr) row: <paramref name="Nr"/> is the number in the arch's table, as snapshots show it.
/// <paramref name="Arguments"/>: its rows of syscall_arguments, null when it has none. <paramref name="Paths"/>: its paths
/// column, null when it has none.
/// </summary>
internal sealed record StoredSyscall(
    uint AuditArch,
    string Arch,
    long Nr,
    long Count,
    long Denied,
    long Violations,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    IReadOnlyList<StoredArgument>? Arguments = null,
    Recording.Paths.PathSnapshot? Paths = null);
