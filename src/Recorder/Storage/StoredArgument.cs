using SeccompRecorder.Recording.Arguments;

namespace SeccompRecorder.Storage;

/// <summary>One argument's values of one stored syscall: a row of syscall_arguments.</summary>
internal sealed record StoredArgument(string Name, IReadOnlyList<ArgumentValueCount> Values, long Other)
{
    public bool Equals(StoredArgument? other) =>
        other is not null && Name == other.Name && Other == other.Other && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Name, Other, Values.Count);

    public static StoredArgument From(ArgumentSnapshot snapshot) => new(snapshot.Name, snapshot.Values, snapshot.Other);
}
