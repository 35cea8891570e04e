using System.Net.Sockets;

namespace SeccompRecorder.Tests.Native;

/// <summary>
/// Two connected AF_UNIX stream sockets made the way the daemon meets runc: a listener on a temp path, a client that
/// connects, the accepted end. The listener is closed once the pair exists.
/// </summary>
internal sealed class UnixSocketPair : IDisposable
{
    private UnixSocketPair(Socket server, Socket client)
    {
        Server = server;
        Client = client;
    }

    /// <summary>The accepted end: the daemon's side.</summary>
    public Socket Server { get; }

    /// <summary>The connecting end: the runtime's side.</summary>
    public Socket Client { get; }

    public static async Task<UnixSocketPair> CreateAsync(TempDirectory directory)
    {
        UnixDomainSocketEndPoint endPoint = new(directory.File($"pair-{Guid.NewGuid():N}.sock"));
        using Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(endPoint);
        listener.Listen(1);
        Socket client = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await client.ConnectAsync(endPoint).WaitAsync(TestTimeouts.Default);
            Socket server = await listener.AcceptAsync().WaitAsync(TestTimeouts.Default);
            return new UnixSocketPair(server, client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Server.Dispose();
        Client.Dispose();
    }
}
