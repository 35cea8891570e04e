using System.Net.Sockets;
using SeccompRecorder.Native;

namespace SeccompRecorder.Handover;

/// <summary>
/// The successor's end of a takeover: asks the daemon on the takeover socket for everything, then says when it serves.
/// Holds a pidfd of the predecessor from the first moment, so waiting for its exit cannot confuse it with a reused pid.
/// </summary>
internal sealed class TakeoverClient : IDisposable
{
    // The predecessor first waits for runtime connections under way (each bounded by its connection timeout).
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    private readonly SeqpacketChannel _channel;
    private readonly SafeFdHandle _predecessor;

    private TakeoverClient(SeqpacketChannel channel, SafeFdHandle predecessor, int pid)
    {
        _channel = channel;
        _predecessor = predecessor;
        PredecessorPid = pid;
    }

    public int PredecessorPid { get; }

    /// <summary>Connected to the running daemon, or null when no daemon listens on <paramref name="path"/>.</summary>
    public static TakeoverClient? Connect(string path)
    {
        if (!FileType.IsSocket(path))
        {
            return null;
        }

        Socket socket = new(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable)
        {
            socket.Dispose();
            return null;
        }

        SeqpacketChannel channel = new(socket);
        try
        {
            PeerCredentials peer = channel.Peer;
            if (peer.Uid != UnixListenSocket.EffectiveUid)
            {
                throw new InvalidDataException($"{path} is served by uid {peer.Uid}, not this daemon's uid {UnixListenSocket.EffectiveUid}");
            }

            if (!PidFd.TryOpen(peer.Pid, out SafeFdHandle pidfd))
            {
                throw new InvalidDataException($"the daemon on {path} (pid {peer.Pid}) is already gone");
            }

            return new TakeoverClient(channel, pidfd, peer.Pid);
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    /// <summary>Asks for the hand-over and receives it whole. Throws InvalidDataException when the predecessor refuses.</summary>
    public IncomingHandover Receive()
    {
        _channel.Send(TakeoverProtocol.Word(TakeoverProtocol.Request), [], SendTimeout);
        List<NamedFd> received = [];
        try
        {
            while (true)
            {
                List<SafeFdHandle> fds = [];
                ReadOnlyMemory<byte>? message = _channel.Receive(fds, ReceiveTimeout);
                if (message is not { } bytes)
                {
                    fds.ForEach(fd => fd.Dispose());
                    throw new InvalidDataException("the previous daemon closed the takeover connection before handing over");
                }

                TakeoverMessage parsed = TakeoverProtocol.Parse(bytes.Span);
                if (parsed.Kind != TakeoverMessageKind.Fds || parsed.Names.Count != fds.Count)
                {
                    fds.ForEach(fd => fd.Dispose());
                    if (parsed.Kind == TakeoverMessageKind.End)
                    {
                        return IncomingHandover.From(received);
                    }

                    throw new InvalidDataException(parsed.Kind switch
                    {
                        TakeoverMessageKind.Error => $"the previous daemon refused: {parsed.Detail}",
                        TakeoverMessageKind.Fds => $"a takeover message names {parsed.Names.Count} fds but carries {fds.Count}",
                        _ => $"bad takeover message: {parsed.Detail}",
                    });
                }

                for (int i = 0; i < fds.Count; i++)
                {
                    received.Add(new NamedFd(parsed.Names[i], fds[i]));
                }
            }
        }
        catch
        {
            received.ForEach(named => named.Fd.Dispose());
            throw;
        }
    }

    /// <summary>Tells the predecessor that its fds are served here: it closes its copies and exits.</summary>
    public void ConfirmServing() => _channel.Send(TakeoverProtocol.Word(TakeoverProtocol.Serving), [], SendTimeout);

    /// <summary>
    /// Waits until the predecessor has exited, so its API socket, metrics port and takeover socket are free; one that
    /// hangs in its shutdown is killed (its containers are served here already). False if it had to be killed.
    /// </summary>
    public bool WaitForPredecessorExit(TimeSpan timeout)
    {
        if (PidFd.WaitForExit(_predecessor, timeout))
        {
            return true;
        }

        PidFd.TrySendSignal(_predecessor, 9);
        PidFd.WaitForExit(_predecessor, TimeSpan.FromSeconds(5));
        return false;
    }

    public void Dispose()
    {
        _channel.Dispose();
        _predecessor.Dispose();
    }
}
