using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Agent;
using SeccompRecorder.Native;

namespace SeccompRecorder.Handover;

/// <summary>
/// Listens on <see cref="HandoverSettings.TakeoverSocket"/> (0600, this uid only) for a successor started with
/// <c>--takeover</c>, hands it everything (<see cref="HandoverSource"/>), and stops once it serves. If the successor
/// fails or goes away before saying so, this daemon carries on as if nothing happened.
/// </summary>
internal sealed class TakeoverServer : BackgroundService
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    // The successor restores and starts a thread per fd before it answers: generous, and still bounded.
    private static readonly TimeSpan ServingTimeout = TimeSpan.FromSeconds(60);

    private readonly HandoverSource _source;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;
    private readonly string _path;
    private SeqpacketChannel? _successor;

    public TakeoverServer(HandoverSource source, IHostApplicationLifetime lifetime, HandoverSettings settings, ILogger<TakeoverServer> logger)
    {
        _source = source;
        _lifetime = lifetime;
        _logger = logger;
        _path = settings.TakeoverSocket;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        UnixSocketPath.PrepareForBind(_path);
        Listener = new Socket(UnixListenSocket.Bind(_path, SocketType.Seqpacket, backlog: 4));
        File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        HandoverLog.TakeoverListening(_logger, _path);
        return base.StartAsync(cancellationToken);
    }

    internal Socket? Listener { get; private set; }

    public override void Dispose()
    {
        // Kept open until the process ends: the successor waits for this daemon to be gone, not just to have answered.
        _successor?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Socket listener = Listener!;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Socket connection = await listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
                // One at a time, off the accept loop's thread: the exchange blocks on poll for at most its timeouts.
                if (await Task.Run(() => ServeAsync(new SeqpacketChannel(connection), stoppingToken), CancellationToken.None).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        finally
        {
            listener.Dispose();
            try
            {
                File.Delete(_path);
            }
            catch (IOException)
            {
                // Gone already.
            }
        }
    }

    /// <summary>One takeover attempt; true when it succeeded and this daemon is stopping.</summary>
    private async Task<bool> ServeAsync(SeqpacketChannel channel, CancellationToken stoppingToken)
    {
        PeerCredentials peer = channel.Peer;
        if (peer.Uid != UnixListenSocket.EffectiveUid)
        {
            HandoverLog.TakeoverRefused(_logger, peer.Pid, peer.Uid, $"only uid {UnixListenSocket.EffectiveUid} may take over");
            channel.Dispose();
            return false;
        }

        List<SafeFdHandle> unexpected = [];
        try
        {
            ReadOnlyMemory<byte>? request = channel.Receive(unexpected, RequestTimeout);
            if (request is not { } bytes || unexpected.Count > 0 || !bytes.Span.SequenceEqual(TakeoverProtocol.Word(TakeoverProtocol.Request)))
            {
                HandoverLog.TakeoverRefused(_logger, peer.Pid, peer.Uid, "not a takeover request this version understands");
                TrySend(channel, TakeoverProtocol.Error($"expected \"{TakeoverProtocol.Request}\""));
                channel.Dispose();
                return false;
            }
        }
        catch (Exception e) when (e is TimeoutException or InvalidDataException or ErrnoException)
        {
            HandoverLog.TakeoverRefused(_logger, peer.Pid, peer.Uid, e.Message);
            channel.Dispose();
            return false;
        }
        finally
        {
            foreach (SafeFdHandle fd in unexpected)
            {
                fd.Dispose();
            }
        }

        HandoverLog.TakeoverRequested(_logger, peer.Pid);
        OutgoingHandover handover;
        try
        {
            handover = await _source.FreezeAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Whatever went wrong, FreezeAsync has put everything back: this daemon serves on and says why it did.
            HandoverLog.TakeoverFailed(_logger, peer.Pid, e.Message);
            TrySend(channel, TakeoverProtocol.Error(e.Message));
            channel.Dispose();
            return false;
        }

        using (handover)
        {
            try
            {
                Send(channel, handover);
                List<SafeFdHandle> none = [];
                ReadOnlyMemory<byte>? answer = channel.Receive(none, ServingTimeout);
                none.ForEach(fd => fd.Dispose());
                if (answer is not { } word || !word.Span.SequenceEqual(TakeoverProtocol.Word(TakeoverProtocol.Serving)))
                {
                    throw new InvalidDataException(answer is null ? "the successor went away before serving" : "the successor did not answer \"serving\"");
                }
            }
            catch (Exception e)
            {
                // Any failure before "serving" leaves the containers with us: the daemon must not die of a bad peer.
                HandoverLog.TakeoverFailed(_logger, peer.Pid, e.Message);
                channel.Dispose();
                _source.Abort();
                return false;
            }
        }

        _source.Commit();
        _successor = channel;
        _lifetime.StopApplication();
        return true;
    }

    private static void Send(SeqpacketChannel channel, OutgoingHandover handover)
    {
        IReadOnlyList<NamedFd> all = handover.Fds;
        for (int start = 0; start < all.Count; start += TakeoverProtocol.FdsPerMessage)
        {
            int count = Math.Min(TakeoverProtocol.FdsPerMessage, all.Count - start);
            SafeFdHandle[] fds = new SafeFdHandle[count];
            string[] names = new string[count];
            for (int i = 0; i < count; i++)
            {
                names[i] = all[start + i].Name;
                fds[i] = all[start + i].Fd;
            }

            channel.Send(TakeoverProtocol.Fds(names), fds, SendTimeout);
        }

        channel.Send(TakeoverProtocol.Word(TakeoverProtocol.End), [], SendTimeout);
    }

    private static void TrySend(SeqpacketChannel channel, byte[] message)
    {
        try
        {
            channel.Send(message, [], TimeSpan.FromSeconds(1));
        }
        catch (Exception e) when (e is TimeoutException or ErrnoException)
        {
            // The peer is gone or stuck; the refusal is logged here anyway.
        }
    }
}
