using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Native;
using SeccompRecorder.Notify;

namespace SeccompRecorder.Agent;

/// <summary>
/// The OCI seccomp agent socket (linux.seccomp.listenerPath): one stream connection per filter-installing process,
/// init and every exec. Accepts, and hands each connection to <see cref="AgentConnectionHandler"/>. For a hand-over it
/// pauses (connections wait in the socket's backlog), and its socket goes to the successor with the path left in place.
/// </summary>
internal sealed class AgentListener : BackgroundService
{
    private const int Backlog = 512;

    // Fds kept free for what must not fail for want of one: this connection's SCM_RIGHTS fds and pidfd, the API,
    // the store. Below it the listener waits and runtimes queue in the backlog: their containers' first notified
    // call waits too, instead of an fd lost to a truncated recvmsg or a daemon that dies of EMFILE.
    private const int FdReserve = 32;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    private readonly RuntimeSocketSettings _socket;
    private readonly AgentConnectionHandler _handler;
    private readonly WaitingConnections _waiting;
    private readonly ListenerInbox _inbox;
    private readonly INotifyFdJournal _journal;
    private readonly ILogger _logger;
    private readonly HashSet<Task> _connections = [];
    private readonly Lock _gate = new();
    private CancellationTokenSource _acceptCancel = new();
    private TaskCompletionSource _parked = NewSignal();
    private TaskCompletionSource _resume = NewSignal();
    private bool _handedOver;
    private TimeSpan _backoff;

    public AgentListener(
        RuntimeSocketSettings socket,
        AgentConnectionHandler handler,
        WaitingConnections waiting,
        ListenerInbox inbox,
        INotifyFdJournal journal,
        ILogger<AgentListener> logger)
    {
        _socket = socket;
        _handler = handler;
        _waiting = waiting;
        _inbox = inbox;
        _journal = journal;
        _logger = logger;
    }

    /// <summary>Binds (or takes the predecessor's socket) before the host reports started: "up" means "runtimes can connect".</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_inbox.TakeListener() is { } inherited)
        {
            Socket = inherited;
            AgentLog.ListeningInherited(_logger, _socket.Path);
        }
        else
        {
            Socket = new Socket(Bind(_socket.Path));
            AgentLog.Listening(_logger, _socket.Path);
        }

        _journal.Listening(Socket.SafeHandle);

        return base.StartAsync(cancellationToken);
    }

    internal Socket? Socket { get; private set; }

    /// <summary>
    /// Stops accepting, parks the connections that have not sent a byte yet (<see cref="ParkedConnections"/>, for the
    /// successor), and waits for the ones under way to attach their fds (each is bounded by the connection timeout).
    /// Runtimes that connect meanwhile wait in the backlog for whoever accepts next.
    /// </summary>
    public async Task PauseAsync(CancellationToken cancellationToken)
    {
        Task parked;
        lock (_gate)
        {
            parked = _parked.Task;
            _acceptCancel.Cancel();
        }

        await parked.WaitAsync(cancellationToken).ConfigureAwait(false);
        _waiting.BeginParking();
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _connections];
        }

        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Connections parked by <see cref="PauseAsync"/>, still owned by the listener.</summary>
    public IReadOnlyList<Socket> ParkedConnections => _waiting.Parked;

    /// <summary>The hand-over failed: accept again, and serve the parked connections again.</summary>
    public void Resume()
    {
        foreach (Socket connection in _waiting.EndParking())
        {
            _inbox.PutConnection(connection);
        }

        lock (_gate)
        {
            _acceptCancel.Dispose();
            _acceptCancel = new CancellationTokenSource();
            _parked = NewSignal();
            TaskCompletionSource resume = _resume;
            _resume = NewSignal();
            resume.TrySetResult();
        }
    }

    /// <summary>
    /// The successor accepts on this socket now and serves the parked connections: close this process's copies of
    /// those, and on stop close the listening socket but leave the path to it.
    /// </summary>
    public void MarkHandedOver()
    {
        foreach (Socket connection in _waiting.EndParking())
        {
            connection.Dispose();
        }

        lock (_gate)
        {
            _handedOver = true;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Socket listener = Socket!;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                CancellationToken acceptToken;
                Task resume;
                lock (_gate)
                {
                    acceptToken = _acceptCancel.Token;
                    resume = _resume.Task;
                }

                using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, acceptToken);
                try
                {
                    await TakeRoomAsync(linked.Token).ConfigureAwait(false);
                    if (_inbox.TryTakeConnection(out Socket? handedOver))
                    {
                        // A connection a predecessor (or a failed hand-over) left before its first byte: served first.
                        Track(_handler.HandleAsync(handedOver, _waiting, stoppingToken));
                        continue;
                    }

                    if (!await WaitForFdsAsync(linked.Token).ConfigureAwait(false))
                    {
                        _waiting.GiveBack();
                        continue;
                    }

                    Socket connection;
                    try
                    {
                        connection = await listener.AcceptAsync(linked.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        _waiting.GiveBack();
                        throw;
                    }

                    _backoff = TimeSpan.Zero;
                    Track(_handler.HandleAsync(connection, _waiting, stoppingToken));
                }
                catch (SocketException e) when (!stoppingToken.IsCancellationRequested && e.SocketErrorCode != SocketError.OperationAborted)
                {
                    // EMFILE/ENFILE, ENOBUFS/ENOMEM: pass with time. Ending here would stop the host and close every
                    // notify fd this daemon serves; runtimes wait in the backlog meanwhile.
                    await BackOffAsync(e.SocketErrorCode.ToString(), linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (acceptToken.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                {
                    lock (_gate)
                    {
                        _parked.TrySetResult();
                    }

                    await resume.WaitAsync(stoppingToken).ConfigureAwait(false);
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
            bool handedOver;
            lock (_gate)
            {
                handedOver = _handedOver;
            }

            if (!handedOver)
            {
                TryDelete(_socket.Path);
            }

            Task[] pending;
            lock (_gate)
            {
                pending = [.. _connections];
            }

            await Task.WhenAll(pending).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Room for one more connection among those waiting for their first byte; when they are all taken, logged once and
    /// waited for (runtimes queue in the backlog meanwhile).
    /// </summary>
    private async Task TakeRoomAsync(CancellationToken cancellationToken)
    {
        if (_waiting.TryTakeRoom())
        {
            return;
        }

        AgentLog.TooManyWaiting(_logger, _waiting.Count);
        await _waiting.TakeRoomAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when there are fds to spare for one more connection; else backs off (logged) and returns false.</summary>
    private async Task<bool> WaitForFdsAsync(CancellationToken cancellationToken)
    {
        long available;
        try
        {
            available = FileDescriptorBudget.Available();
        }
        catch (IOException)
        {
            available = 0; // not even the fd to list /proc/self/fd with: EMFILE
        }

        if (available >= FdReserve)
        {
            return true;
        }

        await BackOffAsync($"{available} fds left of {FileDescriptorBudget.Limit}", cancellationToken).ConfigureAwait(false);
        return false;
    }

    private async Task BackOffAsync(string why, CancellationToken cancellationToken)
    {
        // 5 ms doubling to 1 s, as Go's net/http does on a failing accept; logged when the wait grows to its cap.
        _backoff = _backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(5) : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks));
        if (_backoff == MaxBackoff || _backoff == TimeSpan.FromMilliseconds(5))
        {
            AgentLog.AcceptDeferred(_logger, why, _backoff.TotalMilliseconds);
        }

        try
        {
            await Task.Delay(_backoff, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Paused or stopping: the accept loop sees which.
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Track(Task connection)
    {
        lock (_gate)
        {
            _connections.Add(connection);
        }

        _ = connection.ContinueWith(
            (done, state) =>
            {
                AgentListener self = (AgentListener)state!;
                lock (self._gate)
                {
                    self._connections.Remove(done);
                }

                if (done.Exception is { } exception)
                {
                    AgentLog.AcceptFailed(self._logger, exception.GetBaseException());
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private SafeSocketHandle Bind(string path)
    {
        if (UnixSocketPath.PrepareForBind(path))
        {
            AgentLog.ReplacedStaleSocket(_logger, path);
        }

        // The daemon's umask (077, set in DaemonHost) creates the socket 0600 from the start; chmod states it anyway.
        SafeSocketHandle socket = UnixListenSocket.Bind(path, SocketType.Stream, Backlog);
        try
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return socket;
        }
        catch
        {
            socket.Dispose();
            TryDelete(path);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Gone already, or the directory went away: nothing to clean.
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to remove any more.
        }
    }
}
