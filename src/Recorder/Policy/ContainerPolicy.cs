using SeccompRecorder.Native;

namespace SeccompRecorder.Policy;

/// <summary>
/// Decides each notification of one container: the one decision point of the hot path. Record lets the syscall run
/// (CONTINUE); log and stop fail it with the policy's errno. Stopping is not decided here but by the
/// <see cref="StopScheduler"/>, from the violations this answer produces.
/// </summary>
internal sealed class ContainerPolicy
{
    private readonly bool _allow;
    private readonly int _errno;

    public ContainerPolicy(EffectivePolicy policy)
    {
        Effective = policy;
        _allow = policy.Mode == PolicyMode.Record;
        _errno = policy.Errno;
    }

    /// <summary>The policy this decides by, with where each setting came from.</summary>
    public EffectivePolicy Effective { get; }

    public Verdict Decide(in SeccompNotification notification) => _allow ? Verdict.Continue : Verdict.Deny(_errno);
}
