using System.Net.Sockets;

namespace SeccompRecorder.Agent;

/// <summary>Where a hand-over leaves the predecessor's listening socket for <see cref="AgentListener"/> to accept on.</summary>
internal sealed class ListenerInbox : IDisposable
{
    private Socket? _listener;

    public void Put(Socket listener) => Interlocked.Exchange(ref _listener, listener)?.Dispose();

    public Socket? TakeListener() => Interlocked.Exchange(ref _listener, null);

    public void Dispose() => TakeListener()?.Dispose();
}
