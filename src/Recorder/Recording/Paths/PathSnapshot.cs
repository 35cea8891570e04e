namespace SeccompRecorder.Recording.Paths;

/// <summary>
/// The paths one (arch, syscall) of a container was called with: the kept ones, <see cref="Other"/> calls with a path
/// past the <see cref="PathTable.MaxPaths"/> kept, <see cref="Unread"/> calls whose path could not be read (no ptrace
/// rights, a bad pointer, the call withdrawn while reading).
/// </summary>
internal sealed record PathSnapshot(IReadOnlyList<PathCount> Paths, long Other, long Unread)
{
    public bool Equals(PathSnapshot? other) =>
        other is not null && Other == other.Other && Unread == other.Unread && Paths.SequenceEqual(other.Paths);

    public override int GetHashCode() => HashCode.Combine(Other, Unread, Paths.Count);
}
