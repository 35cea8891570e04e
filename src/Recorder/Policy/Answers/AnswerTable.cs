using System.Runtime.CompilerServices;
using SeccompRecorder.Native;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Policy.Answers;

/// <summary>
/// A source profile's answers (<see cref="ProfileAnswers"/>, from <c>rules=</c>) indexed by (arch, table number): built
/// once when a container attaches, then read by its notify threads with two array loads and no allocation, lock or
/// dictionary. A null entry is the profile's default answer. Immutable: containers with the same rules share one.
/// </summary>
internal sealed class AnswerTable
{
    private readonly SyscallPlan?[][] _byArch;
    private readonly PlannedAnswer _default;

    public AnswerTable(ProfileAnswers answers, ExpectedDenials expected)
    {
        Source = answers;
        _default = new PlannedAnswer(answers.Default, Expected: false);
        _byArch = new SyscallPlan?[(int)SyscallArch.Unknown][];
        for (int archIndex = 0; archIndex < _byArch.Length; archIndex++)
        {
            SyscallArch arch = (SyscallArch)archIndex;
            var plans = new SyscallPlan?[SyscallTable.DenseLength(arch)];
            for (int nr = 0; nr < plans.Length; nr++)
            {
                if (SyscallTable.Name(arch, nr) is not { } name)
                {
                    continue;
                }

                if (answers.Syscalls.TryGetValue(name, out SyscallAnswer? syscall))
                {
                    plans[nr] = new SyscallPlan(name, syscall, answers.Default, expected);
                }
                else if (expected.IsExpected(name, answers.Default))
                {
                    plans[nr] = new SyscallPlan(new PlannedAnswer(answers.Default, Expected: true));
                }
            }

            _byArch[archIndex] = plans;
        }
    }

    /// <summary>The parsed <c>rules=</c> this was built from.</summary>
    public ProfileAnswers Source { get; }

    /// <summary>What the source answers the call (<paramref name="arch"/>, <paramref name="tableNr"/> as <see cref="ArchDecoder.Decode"/> gives them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PlannedAnswer Answer(SyscallArch arch, int tableNr, in SeccompNotification notification)
    {
        if ((uint)arch < (uint)_byArch.Length)
        {
            SyscallPlan?[] plans = _byArch[(int)arch];
            if ((uint)tableNr < (uint)plans.Length && plans[tableNr] is { } plan)
            {
                return plan.Answer(notification);
            }
        }

        return _default;
    }
}
