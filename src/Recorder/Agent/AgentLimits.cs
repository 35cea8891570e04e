namespace SeccompRecorder.Agent;

/// <summary>Bounds on runtime connections, so a peer that never finishes or sends too much costs us nothing.</summary>
/// <param name="MaxMessageBytes">The largest message.</param>
/// <param name="ReadTimeout">How long the rest of a message may take once its first byte has arrived.</param>
/// <param name="FirstByteTimeout">
/// How long a connection may wait for its first byte; null: no limit. crun connects at create and writes only when the
/// container's init loads the filter (with noNewPrivileges, after start): a limit here would fail such containers.
/// </param>
/// <param name="MaxWaitingConnections">
/// How many connections may wait for their first byte at once; beyond it the listener stops accepting and runtimes wait
/// in the socket's backlog.
/// </param>
internal sealed record AgentLimits(int MaxMessageBytes, TimeSpan ReadTimeout, TimeSpan? FirstByteTimeout = null, int MaxWaitingConnections = AgentLimits.DefaultMaxWaitingConnections)
{
    public const int DefaultMaxWaitingConnections = 1024;

    // runc's message is ~300 B plus annotations; Kubernetes caps a pod's annotations at 256 KiB.
    public static AgentLimits Default { get; } = new(1024 * 1024, TimeSpan.FromSeconds(5));
}
