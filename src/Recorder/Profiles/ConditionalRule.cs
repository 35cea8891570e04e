namespace SeccompRecorder.Profiles;

/// <summary>An SCMP_ACT_ALLOW rule for one syscall that holds only when every one of its conditions does.</summary>
internal sealed record ConditionalRule(string Name, IReadOnlyList<ArgumentCondition> Conditions)
{
    public bool Equals(ConditionalRule? other) =>
        other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal) && Conditions.SequenceEqual(other.Conditions);

    public override int GetHashCode() => HashCode.Combine(Name, Conditions.Count);
}
