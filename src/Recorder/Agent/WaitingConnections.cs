using System.Net.Sockets;

namespace SeccompRecorder.Agent;

/// <summary>
/// Runtime connections that have sent nothing yet. crun connects at create and writes when the init loads the filter,
/// which can be minutes later, so they wait without a time limit by default; at most
/// <see cref="AgentLimits.MaxWaitingConnections"/> at once, past which the listener takes no more (runtimes queue in its
/// backlog). A hand-over parks them: their sockets, with not one byte consumed, go to the successor.
/// </summary>
internal sealed class WaitingConnections : IDisposable
{
    private readonly AgentLimits _limits;
    private readonly SemaphoreSlim _room;
    private readonly Lock _gate = new();
    private readonly Dictionary<Socket, CancellationTokenSource> _waiting = [];
    private readonly List<Socket> _parked = [];
    private bool _parking;

    public WaitingConnections(AgentLimits limits)
    {
        _limits = limits;
        _room = new SemaphoreSlim(limits.MaxWaitingConnections, limits.MaxWaitingConnections);
    }

    /// <summary>Connections waiting for their first byte now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>True at once when there is room for one more connection; taken by the caller, given back by <see cref="WaitAsync"/> or <see cref="GiveBack"/>.</summary>
    public bool TryTakeRoom() => _room.Wait(0);

    public Task TakeRoomAsync(CancellationToken cancellationToken) => _room.WaitAsync(cancellationToken);

    /// <summary>Gives back room taken for a connection that never reached <see cref="WaitAsync"/>.</summary>
    public void GiveBack() => _room.Release();

    /// <summary>
    /// Waits until <paramref name="socket"/> has a byte to read or is closed, without consuming anything. Gives back the
    /// room the connection took. On <see cref="FirstByte.Parked"/> the socket belongs to the hand-over.
    /// </summary>
    public async Task<FirstByte> WaitAsync(Socket socket, CancellationToken stoppingToken)
    {
        using CancellationTokenSource wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        try
        {
            lock (_gate)
            {
                if (_parking)
                {
                    _parked.Add(socket);
                    return FirstByte.Parked;
                }

                _waiting.Add(socket, wait);
            }

            if (_limits.FirstByteTimeout is { } limit)
            {
                wait.CancelAfter(limit);
            }

            FirstByte outcome;
            try
            {
                // A zero-byte receive completes when data or EOF is there, and consumes nothing.
                await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, wait.Token).ConfigureAwait(false);
                outcome = HasData(socket) ? FirstByte.Arrived : FirstByte.Closed;
            }
            catch (OperationCanceledException) when (wait.IsCancellationRequested)
            {
                outcome = stoppingToken.IsCancellationRequested ? FirstByte.Stopping : FirstByte.TimedOut;
            }
            catch (SocketException)
            {
                outcome = FirstByte.Closed; // reset by the peer
            }

            lock (_gate)
            {
                _waiting.Remove(socket);
                // Parked meanwhile: whatever the wait saw, the successor reads the connection from its first byte.
                return _parked.Contains(socket) ? FirstByte.Parked : outcome;
            }
        }
        finally
        {
            _room.Release();
        }
    }

    /// <summary>From now until <see cref="EndParking"/>, every connection waiting for its first byte is parked.</summary>
    public void BeginParking()
    {
        lock (_gate)
        {
            _parking = true;
            foreach ((Socket socket, CancellationTokenSource wait) in _waiting)
            {
                _parked.Add(socket);
                wait.Cancel();
            }
        }
    }

    /// <summary>The parked sockets, still owned by this class, for the hand-over to send.</summary>
    public IReadOnlyList<Socket> Parked
    {
        get
        {
            lock (_gate)
            {
                return [.. _parked];
            }
        }
    }

    /// <summary>Ends parking and gives the parked sockets to the caller: to serve again, or to close once handed over.</summary>
    public IReadOnlyList<Socket> EndParking()
    {
        lock (_gate)
        {
            _parking = false;
            Socket[] parked = [.. _parked];
            _parked.Clear();
            return parked;
        }
    }

    /// <summary>
    /// Closes parked sockets nobody took. The semaphore is left alone: it has no wait handle to free, and the listener's
    /// loop may still give room back while a failed start tears the host down.
    /// </summary>
    public void Dispose()
    {
        foreach (Socket socket in EndParking())
        {
            socket.Dispose();
        }
    }

    private static bool HasData(Socket socket)
    {
        try
        {
            return socket.Available > 0;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
