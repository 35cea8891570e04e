namespace SeccompRecorder.Cli.Output;

/// <summary>The paths of one syscall, most called first; the calls whose path was not kept, and not read.</summary>
internal sealed record PathsView(IReadOnlyList<PathView> Paths, ulong Other, ulong Unread)
{
    public bool Equals(PathsView? other) =>
        other is not null && Other == other.Other && Unread == other.Unread && Paths.SequenceEqual(other.Paths);

    public override int GetHashCode() => HashCode.Combine(Other, Unread, Paths.Count);
}
