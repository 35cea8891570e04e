using System.Buffers;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Grpc;

public sealed class GrpcFramingTests
{
    private const int Max = GrpcProtocol.DefaultMaxMessageSize;

    [Fact]
    public void TryReadMessage_CompleteFrame_ReturnsPayloadAndConsumesFrame()
    {
        byte[] bytes =
        [
            0x00,                   // Compressed-Flag: identity
            0x00, 0x00, 0x00, 0x03, // Message-Length: 3, big-endian
            0x0A, 0x01, 0x78,       // GetContainerRequest { id = "x" }: field 1, wire type 2, length 1, 'x'
        ];
        var buffer = new ReadOnlySequence<byte>(bytes);

        bool read = GrpcFraming.TryReadMessage(ref buffer, Max, out ReadOnlySequence<byte> message, out GrpcFrameError error);

        Assert.True(read);
        Assert.Equal(GrpcFrameError.None, error);
        Assert.Equal(new byte[] { 0x0A, 0x01, 0x78 }, message.ToArray());
        Assert.True(buffer.IsEmpty);
        Assert.Equal("x", GetContainerRequest.Parser.ParseFrom(message).Id);
    }

    [Fact]
    public void TryReadMessage_FrameSplitAcrossSegments_ReturnsWholePayload()
    {
        ReadOnlySequence<byte> buffer = Segments(
            [0x00, 0x00],                   // Compressed-Flag, first byte of Message-Length
            [0x00, 0x00, 0x04, 0x0A],       // rest of Message-Length (4), first payload byte: field 1, wire type 2
            [0x02],                         // string length 2
            [0x61, 0x62]);                  // "ab"

        bool read = GrpcFraming.TryReadMessage(ref buffer, Max, out ReadOnlySequence<byte> message, out GrpcFrameError error);

        Assert.True(read);
        Assert.Equal(GrpcFrameError.None, error);
        Assert.Equal("ab", GetContainerRequest.Parser.ParseFrom(message).Id);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void TryReadMessage_IncompletePrefix_ReturnsFalseWithoutErrorAndLeavesBuffer()
    {
        byte[] bytes =
        [
            0x00,             // Compressed-Flag
            0x00, 0x00, 0x00, // three of the four Message-Length bytes
        ];
        var buffer = new ReadOnlySequence<byte>(bytes);

        bool read = GrpcFraming.TryReadMessage(ref buffer, Max, out _, out GrpcFrameError error);

        Assert.False(read);
        Assert.Equal(GrpcFrameError.None, error);
        Assert.Equal(4, buffer.Length);
    }

    [Fact]
    public void TryReadMessage_IncompletePayload_ReturnsFalseWithoutErrorAndLeavesBuffer()
    {
        byte[] bytes =
        [
            0x00,                   // Compressed-Flag
            0x00, 0x00, 0x00, 0x03, // Message-Length: 3
            0x0A, 0x01,             // two of the three payload bytes
        ];
        var buffer = new ReadOnlySequence<byte>(bytes);

        bool read = GrpcFraming.TryReadMessage(ref buffer, Max, out _, out GrpcFrameError error);

        Assert.False(read);
        Assert.Equal(GrpcFrameError.None, error);
        Assert.Equal(7, buffer.Length);
    }

    [Fact]
    public void TryReadMessage_CompressedFlag_ReturnsCompressedMessageError()
    {
        byte[] bytes =
        [
            0x01,                   // Compressed-Flag: compressed (we only speak identity)
            0x00, 0x00, 0x00, 0x01, // Message-Length: 1
            0xFF,                   // payload, never looked at
        ];
        var buffer = new ReadOnlySequence<byte>(bytes);

        bool read = GrpcFraming.TryReadMessage(ref buffer, Max, out _, out GrpcFrameError error);

        Assert.False(read);
        Assert.Equal(GrpcFrameError.CompressedMessage, error);
        GrpcCallException exception = GrpcFraming.ToException(error, Max);
        Assert.Equal(StatusCode.Unimplemented, exception.StatusCode);
        Assert.Equal("compressed messages are not supported", exception.Detail);
    }

    [Fact]
    public void TryReadMessage_FlagNeitherZeroNorOne_ReturnsInvalidCompressedFlag()
    {
        byte[] bytes =
        [
            0x02,                   // Compressed-Flag: not a value the spec defines
            0x00, 0x00, 0x00, 0x00, // Message-Length: 0
        ];
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.False(GrpcFraming.TryReadMessage(ref buffer, Max, out _, out GrpcFrameError error));
        Assert.Equal(GrpcFrameError.InvalidCompressedFlag, error);
        Assert.Equal(StatusCode.Internal, GrpcFraming.ToException(error, Max).StatusCode);
    }

    [Fact]
    public void TryReadMessage_OversizeLengthBeforeBodyArrives_ReturnsMessageTooLarge()
    {
        byte[] bytes =
        [
            0x00,                   // Compressed-Flag
            0x00, 0x40, 0x00, 0x01, // Message-Length: 4 MiB + 1, and not one payload byte yet
        ];
        var buffer = new ReadOnlySequence<byte>(bytes);

        bool read = GrpcFraming.TryReadMessage(ref buffer, Max, out _, out GrpcFrameError error);

        Assert.False(read);
        Assert.Equal(GrpcFrameError.MessageTooLarge, error);
        Assert.Equal(StatusCode.ResourceExhausted, GrpcFraming.ToException(error, Max).StatusCode);
    }

    [Fact]
    public void TryReadMessage_LengthAtLimit_WaitsForBody()
    {
        byte[] bytes =
        [
            0x00,                   // Compressed-Flag
            0x00, 0x40, 0x00, 0x00, // Message-Length: exactly 4 MiB, allowed
        ];
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.False(GrpcFraming.TryReadMessage(ref buffer, Max, out _, out GrpcFrameError error));
        Assert.Equal(GrpcFrameError.None, error);
    }

    [Fact]
    public void TryReadMessage_LengthWithTopBitSet_ReturnsMessageTooLarge()
    {
        byte[] bytes =
        [
            0x00,                   // Compressed-Flag
            0xFF, 0xFF, 0xFF, 0xFF, // Message-Length: 2^32-1, negative if read as int32
        ];
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.False(GrpcFraming.TryReadMessage(ref buffer, Max, out _, out GrpcFrameError error));
        Assert.Equal(GrpcFrameError.MessageTooLarge, error);
    }

    [Fact]
    public void TryReadMessage_TwoFramesBackToBack_ReadsThemInOrder()
    {
        byte[] bytes =
        [
            0x00,                   // frame 1: Compressed-Flag
            0x00, 0x00, 0x00, 0x00, // frame 1: Message-Length 0 (an empty message is valid)
            0x00,                   // frame 2: Compressed-Flag
            0x00, 0x00, 0x00, 0x03, // frame 2: Message-Length 3
            0x0A, 0x01, 0x7A,       // frame 2: id = "z"
        ];
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.True(GrpcFraming.TryReadMessage(ref buffer, Max, out ReadOnlySequence<byte> first, out _));
        Assert.True(first.IsEmpty);
        Assert.Equal(8, buffer.Length);

        Assert.True(GrpcFraming.TryReadMessage(ref buffer, Max, out ReadOnlySequence<byte> second, out _));
        Assert.Equal("z", GetContainerRequest.Parser.ParseFrom(second).Id);
        Assert.True(buffer.IsEmpty);

        Assert.False(GrpcFraming.TryReadMessage(ref buffer, Max, out _, out GrpcFrameError error));
        Assert.Equal(GrpcFrameError.None, error);
    }

    [Fact]
    public void WriteMessage_Message_WritesPrefixThenPayload()
    {
        var writer = new ArrayBufferWriter<byte>();

        GrpcFraming.WriteMessage(writer, new GetContainerRequest { Id = "ab" });

        byte[] expected =
        [
            0x00,                   // Compressed-Flag: identity
            0x00, 0x00, 0x00, 0x04, // Message-Length: 4
            0x0A, 0x02, 0x61, 0x62, // field 1, wire type 2, length 2, "ab"
        ];
        Assert.Equal(expected, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteMessage_EmptyMessage_WritesPrefixOnly()
    {
        var writer = new ArrayBufferWriter<byte>();

        GrpcFraming.WriteMessage(writer, new ListContainersRequest());

        byte[] expected =
        [
            0x00,                   // Compressed-Flag
            0x00, 0x00, 0x00, 0x00, // Message-Length: 0
        ];
        Assert.Equal(expected, writer.WrittenSpan.ToArray());
    }

    private static ReadOnlySequence<byte> Segments(params byte[][] parts)
    {
        var first = new Segment(parts[0], 0);
        Segment last = first;
        for (int i = 1; i < parts.Length; i++)
        {
            last = last.Append(parts[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
