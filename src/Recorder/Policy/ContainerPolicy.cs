using SeccompRecorder.Native;
using SeccompRecorder.Policy.Answers;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Policy;

/// <summary>
/// Decides each notification of one container: the one decision point of the hot path. Without a source profile's
/// answers (<c>rules=</c>), record lets the syscall run (CONTINUE), audit lets it run as a violation, log and stop fail
/// it with the policy's errno. With them, every call is answered as the source would answer it (<see cref="Answer"/>).
/// Stopping is not decided here but by the <see cref="StopScheduler"/>, from the violations this answer produces.
/// </summary>
internal sealed class ContainerPolicy
{
    private readonly PolicyMode _mode;
    private readonly int _errno;
    private readonly AnswerTable? _answers;

    public ContainerPolicy(EffectivePolicy policy, AnswerTable? answers = null, ViolationReasons? reasons = null)
    {
        Effective = policy;
        _mode = policy.Mode;
        _errno = policy.Errno;
        _answers = answers;
        Reasons = reasons;
    }

    /// <summary>The policy this decides by, with where each setting came from.</summary>
    public EffectivePolicy Effective { get; }

    /// <summary>The source profile's answers when the container's profile carries them, else null.</summary>
    public AnswerTable? Answers => _answers;

    /// <summary>Why the source profile denies a syscall, for the profiles we know (runtime-default), else null.</summary>
    public ViolationReasons? Reasons { get; }

    public Verdict Decide(in SeccompNotification notification)
    {
        SyscallArch arch = ArchDecoder.Decode(notification.Arch, notification.Nr, out int tableNr);
        return Decide(notification, arch, tableNr);
    }

    /// <summary>The hot path's form: (arch, table number) decoded once by the caller, as RecordCall takes them too.</summary>
    public Verdict Decide(in SeccompNotification notification, SyscallArch arch, int tableNr)
    {
        if (_answers is null)
        {
            return _mode switch
            {
                PolicyMode.Record => Verdict.Continue,
                PolicyMode.Audit => Verdict.Audited,
                _ => Verdict.Deny(_errno),
            };
        }

        return _mode == PolicyMode.Record ? Verdict.Continue : Answer(notification, arch, tableNr);
    }

    /// <summary>
    /// The source's answer: an allowed call (a conditional ALLOW that matched) continues and is no violation; an
    /// expected denial is answered as the source says under every policy; anything else the source denies is a
    /// violation, let through under audit, otherwise given the source's errno or, for a KILL rule, SIGKILL.
    /// </summary>
    private Verdict Answer(in SeccompNotification notification, SyscallArch arch, int tableNr)
    {
        PlannedAnswer planned = _answers!.Answer(arch, tableNr, notification);
        SourceAnswer answer = planned.Answer;
        if (!answer.Denies)
        {
            return Verdict.Continue;
        }

        if (planned.Expected)
        {
            return Verdict.Expected(answer.Errno);
        }

        if (_mode == PolicyMode.Audit)
        {
            return Verdict.Audited;
        }

        if (answer.Action == SourceAction.Errno)
        {
            return Verdict.Deny(answer.Errno);
        }

        // Rare: a KILL rule. The answer that follows finds the target gone (or dying); EPERM if the kill could not be made.
        CallerKill.TryKill(notification.Pid);
        return Verdict.Deny((int)Errno.EPERM);
    }
}
