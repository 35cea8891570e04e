using System.Runtime.CompilerServices;
using SeccompRecorder.Native;

namespace SeccompRecorder.Policy.Answers;

/// <summary>
/// One notified syscall's <see cref="SyscallAnswer"/> made ready for the hot path: arrays, the default answer resolved,
/// each answer's expected flag decided once. Immutable, shared by every container whose profile carries the same rules.
/// </summary>
internal sealed class SyscallPlan
{
    private readonly PlannedAnswer _otherwise;
    private readonly PlannedAnswer[] _answers;
    private readonly ArgCondition[][] _conditions;

    public SyscallPlan(string name, SyscallAnswer syscall, SourceAnswer defaultAnswer, ExpectedDenials expected)
    {
        _otherwise = Plan(name, syscall.Otherwise ?? defaultAnswer, expected);
        _answers = [.. syscall.Rules.Select(r => Plan(name, r.Answer, expected))];
        _conditions = [.. syscall.Rules.Select(r => r.Conditions.ToArray())];
    }

    /// <summary>A syscall without rules of its own whose default answer is an expected denial.</summary>
    public SyscallPlan(PlannedAnswer otherwise)
    {
        _otherwise = otherwise;
        _answers = [];
        _conditions = [];
    }

    /// <summary>The first rule whose conditions all hold on the call's arguments answers; none: the otherwise answer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PlannedAnswer Answer(in SeccompNotification notification)
    {
        for (int rule = 0; rule < _conditions.Length; rule++)
        {
            if (AllHold(_conditions[rule], notification))
            {
                return _answers[rule];
            }
        }

        return _otherwise;
    }

    private static PlannedAnswer Plan(string name, SourceAnswer answer, ExpectedDenials expected) => new(answer, expected.IsExpected(name, answer));

    private static bool AllHold(ArgCondition[] conditions, in SeccompNotification notification)
    {
        foreach (ArgCondition condition in conditions)
        {
            if (!condition.Holds(notification.Arg(condition.Index)))
            {
                return false;
            }
        }

        return true;
    }
}
