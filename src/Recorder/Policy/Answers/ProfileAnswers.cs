namespace SeccompRecorder.Policy.Answers;

/// <summary>
/// The answers of the enforcing profile a notifying profile was converted from (<c>profile notify</c>): its default
/// answer, and the notified syscalls whose answer differs from it or depends on arguments. Carried in
/// listenerMetadata as <c>rules=</c> (<see cref="ProfileAnswersText"/>); a notified syscall not named here gets
/// <see cref="Default"/>.
/// </summary>
internal sealed record ProfileAnswers(SourceAnswer Default, IReadOnlyDictionary<string, SyscallAnswer> Syscalls)
{
    /// <summary>What the source profile answers <paramref name="name"/> called with <paramref name="args"/>.</summary>
    public SourceAnswer Answer(string name, ReadOnlySpan<ulong> args)
    {
        if (!Syscalls.TryGetValue(name, out SyscallAnswer? syscall))
        {
            return Default;
        }

        foreach (ConditionalAnswer rule in syscall.Rules)
        {
            if (AllHold(rule.Conditions, args))
            {
                return rule.Answer;
            }
        }

        return syscall.Otherwise ?? Default;
    }

    private static bool AllHold(IReadOnlyList<ArgCondition> conditions, ReadOnlySpan<ulong> args)
    {
        foreach (ArgCondition condition in conditions)
        {
            if (condition.Index >= args.Length || !condition.Holds(args[condition.Index]))
            {
                return false;
            }
        }

        return true;
    }
}
