using SeccompRecorder.Policy;
using SeccompRecorder.Policy.Answers;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Profiles;

/// <summary>
/// The notifying form of an enforcing profile (<c>profile notify</c>): every syscall the source denies, by a rule or by
/// its defaultAction, enumerated per architecture from <see cref="SyscallTable"/>, becomes SCMP_ACT_NOTIFY, and the
/// source's answers travel along as <see cref="ProfileAnswers"/>. Pure.
/// </summary>
/// <remarks>
/// With runc 1.1.5 and libseccomp 2.5.4 a conditional ALLOW and an unconditional rule for the same syscall collapse to
/// the unconditional one, and chains of SCMP_CMP_NE split into OR: so a syscall with argument conditions is notified
/// whole and its conditions go to the daemon. The defaultAction stays the source's: a syscall our tables do not know is
/// answered as the source answers it. runc refuses to notify write(2): it stays as the source says.
/// </remarks>
internal static class NotifyConversion
{
    private const string Allow = "SCMP_ACT_ALLOW";
    private const string Log = "SCMP_ACT_LOG";
    private const string Notify = "SCMP_ACT_NOTIFY";

    /// <summary>EPERM: runc's errno for SCMP_ACT_ERRNO without errnoRet, and for an ERRNO default without defaultErrnoRet.</summary>
    private const int RuncErrno = 1;

    /// <param name="archs">The architectures to enumerate (already narrowed by <c>--arch</c>).</param>
    /// <param name="crio">CRI-O's notifier: only explicit ERRNO and KILL rules become NOTIFY.</param>
    public static bool TryConvert(SourceProfile source, IReadOnlyList<SyscallArch> archs, bool crio, out NotifyProfile? result, out string error)
    {
        result = null;
        if (!TryAnswer(source.DefaultAction, source.DefaultErrnoRet, out SourceAnswer? defaultAnswer) && !IsKept(source.DefaultAction))
        {
            error = $"defaultAction \"{Clip(source.DefaultAction)}\" cannot be converted (runc refuses SCMP_ACT_NOTIFY as the default action)";
            return false;
        }

        foreach (SourceRule rule in source.Rules)
        {
            if (!TryAnswer(rule.Action, rule.ErrnoRet ?? RuncErrno, out _) && !IsKept(rule.Action) && rule.Action != Notify)
            {
                error = $"syscalls[] {Clip(string.Join(",", rule.Names))}: unknown action \"{Clip(rule.Action)}\"";
                return false;
            }
        }

        var builder = new NotifyProfileBuilder(source, defaultAnswer ?? SourceAnswer.Allow);
        if (crio)
        {
            builder.ConvertExplicitRules();
        }
        else
        {
            builder.ConvertEverything(archs.SelectMany(SyscallTable.Names).Distinct(StringComparer.Ordinal));
        }

        result = builder.Build();
        if (result.Answers is { } answers && ProfileAnswersText.Format(answers).Length > ProfileAnswersText.MaxLength)
        {
            result = null;
            error = $"the source's answers take more than {ProfileAnswersText.MaxLength} characters of listenerMetadata";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>The daemon-answerable meaning of an SCMP_ACT_* action: null (and false) for TRAP, TRACE, NOTIFY and unknown ones.</summary>
    internal static bool TryAnswer(string action, int? errno, out SourceAnswer? answer)
    {
        answer = action switch
        {
            "SCMP_ACT_ERRNO" => SourceAnswer.Fail(errno ?? RuncErrno),
            "SCMP_ACT_KILL" => new SourceAnswer(SourceAction.Kill),
            "SCMP_ACT_KILL_THREAD" => new SourceAnswer(SourceAction.KillThread),
            "SCMP_ACT_KILL_PROCESS" => new SourceAnswer(SourceAction.KillProcess),
            Allow => SourceAnswer.Allow,
            Log => new SourceAnswer(SourceAction.Log),
            _ => null,
        };
        return answer is not null;
    }

    /// <summary>TRAP and TRACE: signals and tracers the daemon cannot stand in for; kept as the source says.</summary>
    internal static bool IsKept(string action) => action is "SCMP_ACT_TRAP" or "SCMP_ACT_TRACE";

    internal static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
