namespace SeccompRecorder.Cli.Output;

/// <summary>
/// One (arch, nr) a container made. <see cref="Name"/> is null for a number the daemon's table does not know;
/// <see cref="Denied"/> of <see cref="Count"/> calls were answered with an errno, <see cref="Violations"/> broke the
/// policy; <see cref="Reason"/>: why the source profile denies it, when known. <see cref="Arguments"/>: the recorded
/// argument values (README "Argument values"), null when the daemon sent none; <see cref="Paths"/> likewise the paths.
/// </summary>
internal sealed record SyscallView(
    string? Name,
    string Arch,
    long Nr,
    ulong Count,
    ulong Denied,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    IReadOnlyList<ArgumentView>? Arguments = null,
    ulong Violations = 0,
    string? Reason = null,
    PathsView? Paths = null)
{
    public bool Equals(SyscallView? other) =>
        other is not null && Name == other.Name && Arch == other.Arch && Nr == other.Nr && Count == other.Count
        && Denied == other.Denied && Violations == other.Violations && Reason == other.Reason
        && FirstSeen == other.FirstSeen && LastSeen == other.LastSeen
        && (Arguments ?? []).SequenceEqual(other.Arguments ?? []) && Equals(Paths, other.Paths);

    public override int GetHashCode() => HashCode.Combine(Name, Arch, Nr, Count, Denied);
}
