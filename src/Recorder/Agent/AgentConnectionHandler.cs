using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Native;
using SeccompRecorder.Notify;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Agent;

/// <summary>
/// One runtime connection: read the message, validate it, keep the seccomp fd, close every other fd, attach the fd to
/// its container. Anything wrong is a logged rejection; every fd received is closed on every path.
/// </summary>
internal sealed class AgentConnectionHandler
{
    private readonly ContainerRegistry _registry;
    private readonly NotifyDispatcher _dispatcher;
    private readonly DaemonCounters _counters;
    private readonly AgentLimits _limits;
    private readonly PolicyDefaults _policyDefaults;
    private readonly AllowedPeers _allowedPeers;
    private readonly ILogger _logger;

    public AgentConnectionHandler(
        ContainerRegistry registry,
        NotifyDispatcher dispatcher,
        DaemonCounters counters,
        AgentLimits limits,
        PolicyDefaults policyDefaults,
        AllowedPeers allowedPeers,
        ILogger<AgentConnectionHandler> logger)
    {
        _registry = registry;
        _dispatcher = dispatcher;
        _counters = counters;
        _limits = limits;
        _policyDefaults = policyDefaults;
        _allowedPeers = allowedPeers;
        _logger = logger;
    }

    /// <summary>
    /// Serves one accepted connection, for which room was taken in <paramref name="waiting"/>. Closes the socket, except
    /// when a hand-over parks it before its first byte: then the hand-over owns it.
    /// </summary>
    public async Task HandleAsync(Socket socket, WaitingConnections waiting, CancellationToken stoppingToken)
    {
        bool parked = false;
        try
        {
            PeerCredentials peer = UnixRights.GetPeerCredentials(socket.SafeHandle);
            AgentLog.Connected(_logger, peer.Pid, peer.Uid);
            if (!_allowedPeers.IsAllowed(peer.Uid))
            {
                // Before any read: not one byte or fd of an untrusted peer enters the process.
                waiting.GiveBack();
                Reject(peer, RejectReason.PeerNotAllowed, $"uid {peer.Uid} is not root or an --allowed-uid");
                return;
            }

            FirstByte first = await waiting.WaitAsync(socket, stoppingToken).ConfigureAwait(false);
            switch (first)
            {
                case FirstByte.Parked:
                    parked = true;
                    return;
                case FirstByte.Closed:
                    // Every failed crun start, and a second daemon checking whether this socket is in use: not a
                    // runtime failure of ours, so counted apart and logged at Debug only.
                    _counters.ConnectionRejected(RejectReason.ClosedBeforeFirstByte);
                    AgentLog.ClosedBeforeFirstByte(_logger, peer.Pid, peer.Uid);
                    return;
                case FirstByte.TimedOut:
                    Reject(peer, RejectReason.Timeout, $"the runtime sent nothing within {DurationText.Format(_limits.FirstByteTimeout.GetValueOrDefault())} (--first-byte-timeout)");
                    return;
                case FirstByte.Stopping:
                    Reject(peer, RejectReason.ShuttingDown, "the daemon is stopping");
                    return;
            }

            using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(_limits.ReadTimeout);
            (ReceivedMessage? message, RejectReason reason, string detail) = await MessageReader.ReadAsync(socket, _limits, timeout.Token).ConfigureAwait(false);
            if (message is null)
            {
                Reject(peer, stoppingToken.IsCancellationRequested ? RejectReason.ShuttingDown : reason, detail);
                return;
            }

            using (message)
            {
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    AgentLog.Received(_logger, peer.Pid, message.Payload.Length, MessagePreview.Of(message.Payload.Span), message.Fds.Count);
                }
                if (!TryAttach(message, peer, out reason, out detail, out string? containerId))
                {
                    Reject(peer, reason, detail, containerId);
                    return;
                }
            }

            _counters.ConnectionAccepted();
        }
        finally
        {
            if (!parked)
            {
                socket.Dispose();
            }
        }
    }

    private bool TryAttach(ReceivedMessage message, PeerCredentials peer, out RejectReason reason, out string detail, out string? containerId)
    {
        containerId = null;
        if (!ContainerProcessStateParser.TryParse(message.Payload, out ContainerProcessState? state, out detail))
        {
            reason = RejectReason.InvalidState;
            return false;
        }

        containerId = state!.State.Id;
        int index = IndexOfSeccompFd(state.Fds, out int occurrences);
        if (occurrences != 1)
        {
            reason = RejectReason.NoSeccompFd;
            detail = occurrences == 0
                ? $"\"fds\" does not name \"{ContainerProcessState.SeccompFdName}\""
                : $"\"fds\" names \"{ContainerProcessState.SeccompFdName}\" {occurrences} times";
            return false;
        }

        if (message.Fds.Count != state.Fds.Count)
        {
            reason = RejectReason.FdCountMismatch;
            detail = $"\"fds\" names {state.Fds.Count} fds but {message.Fds.Count} arrived";
            return false;
        }

        if (!SeccompNotifyFd.IsSeccompListener(message.Fds[index]))
        {
            reason = RejectReason.NotSeccompListener;
            detail = $"fd \"{ContainerProcessState.SeccompFdName}\" is {SeccompNotifyFd.FdLinkTarget(message.Fds[index]) ?? "unreadable"}, not a seccomp listener";
            return false;
        }

        SeccompNotifyFd notifyFd = new(message.Take(index));
        OciState oci = state.State;
        // An init's profile is the container's (an exec runs under the same one): read once, off the notification path.
        SyscallCoverage? coverage = oci.IsExec ? null : BundleConfig.Read(peer, oci.Bundle);
        if (coverage is { Unknown: { } why })
        {
            AgentLog.CoverageUnknown(_logger, oci.Id, why);
        }

        ContainerIdentity identity = new(
            oci.Id, oci.Pid, oci.Bundle, state.OciVersion, oci.Annotations, state.Metadata, KubernetesAnnotations.From(oci.Annotations),
            ContainerdBundle.Namespace(oci.Bundle, oci.Id), Coverage: coverage);
        SafeFdHandle? initPidFd = OpenInitPidFd(oci);
        ContainerRecording container = _registry.Attach(identity, ResolvePolicy, state.Pid, oci.IsExec, initPidFd);
        EffectivePolicy policy = container.Policy.Effective;
        AgentLog.Attached(_logger, container.Key.ToString(), state.Pid, oci.Status, state.OciVersion, policy.ModeName, ErrnoNames.Name(policy.Errno));
        _dispatcher.Serve(notifyFd, container, state.Pid);
        reason = RejectReason.None;
        return true;
    }

    private ContainerPolicy ResolvePolicy(ContainerIdentity identity)
    {
        List<string> problems = [];
        EffectivePolicy policy = PolicyResolver.Resolve(identity.Metadata, identity.Annotations, _policyDefaults, problems);
        ContainerPolicy containerPolicy = _registry.Policies.Create(policy, identity.Metadata, problems);
        foreach (string problem in problems)
        {
            AgentLog.PolicyProblem(_logger, identity.Id, problem);
        }

        return containerPolicy;
    }

    private SafeFdHandle? OpenInitPidFd(OciState oci)
    {
        int pid = oci.Pid;
        if (pid == 0 && oci.IsExec)
        {
            return null; // crun's exec names no pid: the init's pidfd comes from the init's own message
        }

        try
        {
            if (pid > 0 && PidFd.TryOpen(pid, out SafeFdHandle pidfd))
            {
                return pidfd;
            }
        }
        catch (ErrnoException e)
        {
            // EMFILE and the like: the container is still served, it only cannot be stopped by pidfd.
            AgentLog.InitPidFdFailed(_logger, oci.Id, pid, e.Message);
            return null;
        }

        AgentLog.InitPidNotVisible(_logger, oci.Id, pid);
        return null;
    }

    private static int IndexOfSeccompFd(IReadOnlyList<string> names, out int occurrences)
    {
        int index = -1;
        occurrences = 0;
        for (int i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], ContainerProcessState.SeccompFdName, StringComparison.Ordinal))
            {
                index = occurrences++ == 0 ? i : index;
            }
        }

        return index;
    }

    private void Reject(PeerCredentials peer, RejectReason reason, string detail, string? containerId = null)
    {
        _counters.ConnectionRejected(reason);
        string said = containerId is null ? detail : $"container {containerId}: {detail}";
        AgentLog.Rejected(_logger, peer.Pid, peer.Uid, reason, said);
        _registry.Events.PublishRejected(containerId ?? string.Empty, peer.Pid, $"{reason}: {detail}");
    }
}
