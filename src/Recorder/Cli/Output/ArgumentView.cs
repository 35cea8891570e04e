namespace SeccompRecorder.Cli.Output;

/// <summary>One recorded argument of a syscall: its values most frequent first, and the calls whose value was not kept.</summary>
internal sealed record ArgumentView(string Name, IReadOnlyList<ArgumentValueView> Values, ulong Other)
{
    public bool Equals(ArgumentView? other) =>
        other is not null && Name == other.Name && Other == other.Other && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Name, Other, Values.Count);
}
