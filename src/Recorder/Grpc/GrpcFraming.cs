using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace SeccompRecorder.Grpc;

/// <summary>
/// The Length-Prefixed-Message of gRPC over HTTP/2 (grpc/grpc doc/PROTOCOL-HTTP2.md), used by both the
/// server and the client. Pure functions: the read and write loops live with their callers.
/// </summary>
internal static class GrpcFraming
{
    /// <summary>Compressed-Flag (1 byte) + Message-Length (4 bytes).</summary>
    public const int HeaderSize = 5;

    // Length-Prefixed-Message → Compressed-Flag Message-Length Message
    //
    //  byte 0           bytes 1..4                          bytes 5..5+len-1
    // +----------------+-----------------------------------+=====================+
    // | Compressed-Flag| Message-Length (uint32 big-endian)| Message (len bytes)  |
    // +----------------+-----------------------------------+=====================+
    //   0 = identity, 1 = compressed with the call's grpc-encoding
    //
    // One HTTP/2 DATA frame may hold several messages, or a fraction of one: the buffer is a sequence.

    /// <summary>
    /// Takes one whole message off the front of <paramref name="buffer"/>.
    /// Returns true with <paramref name="message"/> set and <paramref name="buffer"/> advanced past it;
    /// false with <see cref="GrpcFrameError.None"/> when more bytes are needed (buffer untouched);
    /// false with an error when the prefix is unacceptable, which is known from the 5-byte prefix alone.
    /// </summary>
    public static bool TryReadMessage(
        ref ReadOnlySequence<byte> buffer,
        int maxMessageSize,
        out ReadOnlySequence<byte> message,
        out GrpcFrameError error)
    {
        message = default;
        error = GrpcFrameError.None;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);

        switch (header[0])
        {
            case 0:
                break;
            case 1:
                error = GrpcFrameError.CompressedMessage;
                return false;
            default:
                error = GrpcFrameError.InvalidCompressedFlag;
                return false;
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(1));
        if (length > (uint)maxMessageSize)
        {
            error = GrpcFrameError.MessageTooLarge;
            return false;
        }

        if (buffer.Length - HeaderSize < length)
        {
            return false;
        }

        message = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(message.End);
        return true;
    }

    /// <summary>Writes <paramref name="message"/> as one uncompressed Length-Prefixed-Message.</summary>
    public static void WriteMessage(IBufferWriter<byte> writer, IMessage message)
    {
        int length = message.CalculateSize();
        Span<byte> header = writer.GetSpan(HeaderSize);
        header[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header.Slice(1), (uint)length);
        writer.Advance(HeaderSize);
        if (length > 0)
        {
            message.WriteTo(writer);
        }
    }

    /// <summary>The status a receiver answers for a refused frame, in grpc-dotnet's words where it has them.</summary>
    public static GrpcCallException ToException(GrpcFrameError error, int maxMessageSize) => error switch
    {
        GrpcFrameError.CompressedMessage =>
            new GrpcCallException(StatusCode.Unimplemented, "compressed messages are not supported"),
        GrpcFrameError.InvalidCompressedFlag =>
            new GrpcCallException(StatusCode.Internal, "invalid Compressed-Flag in message prefix"),
        GrpcFrameError.MessageTooLarge =>
            new GrpcCallException(StatusCode.ResourceExhausted, $"message exceeds the maximum size of {maxMessageSize} bytes"),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, null),
    };
}
