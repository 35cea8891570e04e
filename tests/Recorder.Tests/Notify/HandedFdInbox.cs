using System.Net.Sockets;
using System.Threading.Channels;
using SeccompRecorder.Agent;
using SeccompRecorder.Native;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Tests.Notify;

/// <summary>One notify fd as a runtime handed it over, with the state it sent; the test owns the fd.</summary>
internal sealed record HandedFd(SeccompNotifyFd Fd, ContainerProcessState State);

/// <summary>
/// The agent's side of a runtime connection, in the test process: listens on a Unix socket, reads each connection's
/// message with the daemon's reader and parser (fds and state as runc sends them), and hands the notify fd to the test,
/// which decides when and where to serve it. The filters stay in the peer (tests/helpers/notifyhand): this process
/// only ever holds their notify fds.
/// </summary>
internal sealed class HandedFdInbox : IAsyncDisposable
{
    // Unbounded: the test reads exactly as many as it made its helper send, and nothing else connects.
    private readonly Channel<HandedFd> _received = Channel.CreateUnbounded<HandedFd>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public HandedFdInbox(string path)
    {
        Path = path;
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(64);
        _accepting = AcceptAsync(_stop.Token);
    }

    public string Path { get; }

    /// <summary>The next handed-over fd, in arrival order.</summary>
    public Task<HandedFd> ReceiveAsync(TimeSpan timeout) => _received.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting.WaitAsync(TestTimeouts.Default);
        _stop.Dispose();
        while (_received.Reader.TryRead(out HandedFd? unserved))
        {
            unserved.Fd.Dispose();
        }

        File.Delete(Path);
    }

    private async Task AcceptAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                using Socket connection = await _listener.AcceptAsync(stop);
                (ReceivedMessage? message, RejectReason reason, string detail) = await MessageReader.ReadAsync(connection, AgentLimits.Default, stop);
                using ReceivedMessage received = message ?? throw new InvalidDataException($"{reason}: {detail}");
                if (!ContainerProcessStateParser.TryParse(received.Payload, out ContainerProcessState? state, out string error))
                {
                    throw new InvalidDataException(error);
                }

                int index = state!.Fds.ToList().IndexOf(ContainerProcessState.SeccompFdName);
                _received.Writer.TryWrite(new HandedFd(new SeccompNotifyFd(received.Take(index)), state));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && stop.IsCancellationRequested)
        {
            _received.Writer.TryComplete();
        }
        catch (Exception e)
        {
            // Surfaces in the test's ReceiveAsync instead of a silent hang.
            _received.Writer.TryComplete(e);
        }
    }
}
