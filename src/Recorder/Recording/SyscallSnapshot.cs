using SeccompRecorder.Recording.Arguments;
using SeccompRecorder.Recording.Paths;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Recording;

/// <summary>
/// One (arch, nr) of one container. <see cref="Name"/> is null for a number the arch's table does not know.
/// <see cref="Denied"/> of <see cref="Count"/> calls were answered with an errno (or a kill), <see cref="Violations"/>
/// broke the policy (not the expected denials; under audit, calls let through); <see cref="Reason"/> says why the
/// source profile denies it, when the container's profile names reasons we know. <see cref="Arguments"/>:
/// the values of the arguments <see cref="ArgumentTable"/> records for the call, null when it records none or none
/// was asked for (events). <see cref="Paths"/>: the paths read for it (<see cref="PathTable"/>), null when none was.
/// </summary>
internal sealed record SyscallSnapshot(
    SyscallArch Arch,
    string ArchName,
    long Nr,
    string? Name,
    long Count,
    long Denied,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    IReadOnlyList<ArgumentSnapshot>? Arguments = null,
    long Violations = 0,
    string? Reason = null,
    PathSnapshot? Paths = null)
{
    public bool Equals(SyscallSnapshot? other) =>
        other is not null && Arch == other.Arch && ArchName == other.ArchName && Nr == other.Nr && Name == other.Name
        && Count == other.Count && Denied == other.Denied && Violations == other.Violations && Reason == other.Reason
        && FirstSeen == other.FirstSeen && LastSeen == other.LastSeen
        && (Arguments ?? []).SequenceEqual(other.Arguments ?? []) && Equals(Paths, other.Paths);

    public override int GetHashCode() => HashCode.Combine(Arch, Nr, Count, Denied, FirstSeen, LastSeen);
}
