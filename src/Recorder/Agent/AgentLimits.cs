namespace SeccompRecorder.Agent;

/// <summary>Bounds on one runtime connection, so a peer that never finishes or sends too much costs us nothing.</summary>
internal sealed record AgentLimits(int MaxMessageBytes, TimeSpan ReadTimeout)
{
    // runc's message is ~300 B plus annotations; Kubernetes caps a pod's annotations at 256 KiB.
    public static AgentLimits Default { get; } = new(1024 * 1024, TimeSpan.FromSeconds(5));
}
