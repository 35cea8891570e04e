using System.Net.Sockets;
using SeccompRecorder.Native;

namespace SeccompRecorder.Handover;

/// <summary>Blocking, deadline-bounded message I/O with fds on a SOCK_SEQPACKET socket: both ends of a takeover.</summary>
internal sealed class SeqpacketChannel : IDisposable
{
    private readonly byte[] _buffer = new byte[TakeoverProtocol.MaxMessageBytes];

    public SeqpacketChannel(Socket socket)
    {
        Socket = socket;
    }

    public Socket Socket { get; }

    public PeerCredentials Peer => UnixRights.GetPeerCredentials(Socket.SafeHandle);

    /// <summary>One message; its fds are appended to <paramref name="fds"/>. Null at end of stream.</summary>
    public ReadOnlyMemory<byte>? Receive(List<SafeFdHandle> fds, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            ReceiveResult result = UnixRights.Receive(Socket.SafeHandle, _buffer, fds);
            switch (result.Status)
            {
                case ReceiveStatus.Data when result.ControlTruncated || result.ControlMalformed:
                    throw new InvalidDataException("a takeover message's fds were truncated or malformed");
                case ReceiveStatus.Data:
                    return _buffer.AsMemory(0, result.BytesRead);
                case ReceiveStatus.EndOfStream:
                    return null;
            }

            long left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                throw new TimeoutException($"no takeover message within {timeout.TotalSeconds:0.#} s");
            }

            Socket.Poll(TimeSpan.FromMilliseconds(left), SelectMode.SelectRead);
        }
    }

    /// <summary>One message with <paramref name="fds"/> (at most SCM_MAX_FD), waiting for room if the peer is slow.</summary>
    public void Send(ReadOnlySpan<byte> payload, ReadOnlySpan<SafeFdHandle> fds, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            try
            {
                UnixRights.Send(Socket.SafeHandle, payload, fds);
                return;
            }
            catch (ErrnoException e) when (e.Errno == Errno.EAGAIN)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    throw new TimeoutException($"the takeover peer took no message for {timeout.TotalSeconds:0.#} s");
                }

                Socket.Poll(TimeSpan.FromMilliseconds(left), SelectMode.SelectWrite);
            }
        }
    }

    public void Dispose() => Socket.Dispose();
}
