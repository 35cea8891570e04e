namespace SeccompRecorder.Agent;

/// <summary>
/// Bounds on one runtime connection, so a peer that never finishes or sends too much costs us nothing.
/// <see cref="ReadTimeout"/> counts from the first byte: crun connects at create and sends only when the init loads
/// the filter, after start with noNewPrivileges, so before its first byte a connection waits as long as
/// <see cref="FirstByteTimeout"/> allows (null: no limit), and at most <see cref="MaxWaitingConnections"/> wait at once.
/// </summary>
internal sealed record AgentLimits(int MaxMessageBytes, TimeSpan ReadTimeout, TimeSpan? FirstByteTimeout = null, int MaxWaitingConnections = 1024)
{
    // runc's message is ~300 B plus annotations; Kubernetes caps a pod's annotations at 256 KiB.
    public static AgentLimits Default { get; } = new(1024 * 1024, TimeSpan.FromSeconds(5));
}
