namespace SeccompRecorder.Recording.Arguments;

/// <summary>
/// The values one argument of one (arch, syscall) had in a container, by value, and <see cref="Other"/>: calls whose
/// value was not kept because <see cref="ArgumentTable.MaxValues"/> others were.
/// </summary>
internal sealed record ArgumentSnapshot(string Name, ArgumentFormat Format, IReadOnlyList<ArgumentValueCount> Values, long Other)
{
    public bool Equals(ArgumentSnapshot? other) =>
        other is not null && Name == other.Name && Format == other.Format && Other == other.Other && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Name, Format, Other, Values.Count);
}
