using Microsoft.Extensions.Logging;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Agent;

internal static partial class AgentLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Listening for OCI runtimes on {Path}")]
    public static partial void Listening(ILogger logger, string path);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Replaced stale socket {Path} (nothing answered on it)")]
    public static partial void ReplacedStaleSocket(ILogger logger, string path);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Container {ContainerId} attached: pid {Pid}, status {Status}, runtime ociVersion {OciVersion}, policy {Policy} (errno {Errno})")]
    public static partial void Attached(ILogger logger, string containerId, int pid, string status, string ociVersion, string policy, string errno);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Rejected a runtime connection from pid {PeerPid} uid {PeerUid}: {Reason}: {Detail}")]
    public static partial void Rejected(ILogger logger, int peerPid, uint peerUid, RejectReason reason, string detail);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Accepting runtime connections failed")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "Runtime connection from pid {PeerPid} uid {PeerUid}")]
    public static partial void Connected(ILogger logger, int peerPid, uint peerUid);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Container {ContainerId}: init pid {Pid} is not visible to the daemon (run it in the host pid namespace); it cannot be stopped by pidfd")]
    public static partial void InitPidNotVisible(ILogger logger, string containerId, int pid);

    [LoggerMessage(EventId = 107, Level = LogLevel.Error, Message = "Container {ContainerId}: {Problem}")]
    public static partial void PolicyProblem(ILogger logger, string containerId, string problem);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "Listening for OCI runtimes on {Path}, on the socket the previous daemon handed over")]
    public static partial void ListeningInherited(ILogger logger, string path);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "Not accepting runtime connections for now ({Why}); retrying in {DelayMs} ms, runtimes wait in the listener's backlog")]
    public static partial void AcceptDeferred(ILogger logger, string why, double delayMs);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Container {ContainerId}: no pidfd for init pid {Pid} ({Error}); the stop policy cannot kill it")]
    public static partial void InitPidFdFailed(ILogger logger, string containerId, int pid, string error);

    [LoggerMessage(EventId = 111, Level = LogLevel.Debug, Message = "Runtime connection from pid {PeerPid} uid {PeerUid} closed before sending anything")]
    public static partial void ClosedBeforeFirstByte(ILogger logger, int peerPid, uint peerUid);

    [LoggerMessage(EventId = 112, Level = LogLevel.Debug, Message = "Runtime pid {PeerPid} sent {Bytes} bytes and {Fds} fds: {Preview}")]
    public static partial void Received(ILogger logger, int peerPid, int bytes, string preview, int fds);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "Not accepting runtime connections for now: {Waiting} connections wait for their first byte (the most allowed); runtimes wait in the listener's backlog")]
    public static partial void TooManyWaiting(ILogger logger, int waiting);

    [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "Container {ContainerId}: only its notified syscalls are known, not what its profile allows silently: {Why}")]
    public static partial void CoverageUnknown(ILogger logger, string containerId, string why);
}
