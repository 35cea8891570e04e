using System.Net.Sockets;
using SeccompRecorder.Native;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Agent;

/// <summary>
/// Reads one runtime message: payload until a complete JSON value or EOF, whichever comes first (the spec lets a
/// runtime split it over several writes, fds in the first; runc never sends EOF, see <see cref="JsonCompletion"/>),
/// with every SCM_RIGHTS fd of every message. recvmsg runs non-blocking; the socket's own async engine does the
/// waiting (a zero-byte receive completes when data or EOF is there).
/// </summary>
internal static class MessageReader
{
    public static async Task<(ReceivedMessage? Message, RejectReason Reason, string Detail)> ReadAsync(
        Socket socket, AgentLimits limits, CancellationToken cancellationToken)
    {
        List<SafeFdHandle> fds = [];
        JsonCompletion completion = new(ContainerProcessStateParser.MaxDepth);
        byte[] buffer = new byte[Math.Min(4096, limits.MaxMessageBytes + 1)];
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length > limits.MaxMessageBytes)
                    {
                        return Reject(fds, RejectReason.TooLarge, $"the message is larger than {limits.MaxMessageBytes} bytes");
                    }

                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limits.MaxMessageBytes + 1L));
                }

                ReceiveResult result = UnixRights.Receive(socket.SafeHandle, buffer.AsSpan(length), fds);
                if (result.ControlTruncated)
                {
                    return Reject(fds, RejectReason.ControlTruncated, "control data was truncated (MSG_CTRUNC): too many fds or the fd limit was reached");
                }

                if (result.ControlMalformed)
                {
                    return Reject(fds, RejectReason.ControlMalformed, "malformed control message");
                }

                switch (result.Status)
                {
                    case ReceiveStatus.EndOfStream:
                        return Accept(buffer, length, fds, limits);
                    case ReceiveStatus.WouldBlock:
                        await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        length += result.BytesRead;
                        if (completion.Advance(buffer.AsSpan(0, length)))
                        {
                            return Accept(buffer, completion.EndOffset, fds, limits);
                        }

                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Reject(fds, RejectReason.Timeout, "the runtime did not finish its message in time");
        }
        catch (Exception e) when (e is ErrnoException or SocketException)
        {
            return Reject(fds, RejectReason.ReadFailed, e.Message);
        }
    }

    // The buffer holds one byte more than the limit, to tell "exactly at the limit" from "over it".
    private static (ReceivedMessage?, RejectReason, string) Accept(byte[] buffer, int length, List<SafeFdHandle> fds, AgentLimits limits) =>
        length > limits.MaxMessageBytes
            ? Reject(fds, RejectReason.TooLarge, $"the message is larger than {limits.MaxMessageBytes} bytes")
            : (new ReceivedMessage(buffer.AsMemory(0, length), fds), RejectReason.None, string.Empty);

    private static (ReceivedMessage?, RejectReason, string) Reject(List<SafeFdHandle> fds, RejectReason reason, string detail)
    {
        foreach (SafeFdHandle fd in fds)
        {
            fd.Dispose();
        }

        return (null, reason, detail);
    }
}
