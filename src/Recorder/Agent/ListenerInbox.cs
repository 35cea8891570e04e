using System.Net.Sockets;

namespace SeccompRecorder.Agent;

/// <summary>
/// Where a hand-over leaves what <see cref="AgentListener"/> serves next: the predecessor's listening socket, and the
/// runtime connections that had not sent their first byte yet (handed over, or given back when a hand-over failed).
/// </summary>
internal sealed class ListenerInbox : IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<Socket> _connections = new();
    private Socket? _listener;

    public void Put(Socket listener) => Interlocked.Exchange(ref _listener, listener)?.Dispose();

    public Socket? TakeListener() => Interlocked.Exchange(ref _listener, null);

    public void PutConnection(Socket connection) => _connections.Enqueue(connection);

    public bool TryTakeConnection([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Socket? connection) => _connections.TryDequeue(out connection);

    public void Dispose()
    {
        TakeListener()?.Dispose();
        while (_connections.TryDequeue(out Socket? connection))
        {
            connection.Dispose();
        }
    }
}
