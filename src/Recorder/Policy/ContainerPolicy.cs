using SeccompRecorder.Native;

namespace SeccompRecorder.Policy;

/// <summary>
/// Decides each notification of one container. The "record" policy lets every notified syscall run (CONTINUE).
/// This is the one decision point of the hot path: log/stop policies answer here too.
/// </summary>
internal sealed class ContainerPolicy
{
    public static ContainerPolicy Record { get; } = new();

    public string Name => "record";

    public Verdict Decide(in SeccompNotification notification) => Verdict.Continue;
}
