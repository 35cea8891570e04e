using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using SeccompRecorder.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>
/// Seeded random byte streams, cut into random segments, read frame by frame with TryReadMessage and checked against
/// a plain model of the Length-Prefixed-Message: same frames, same outcome, nothing read past the buffer or the limit.
/// </summary>
public sealed class GrpcFramingFuzzTests
{
    private const int Iterations = 20_000;

    [Fact]
    public void TryReadMessage_RandomStreamsInRandomSegments_MatchTheModelNeverThrow()
    {
        int seed = FuzzSeed.Get(5_2025);
        Random random = new(seed);
        for (int i = 0; i < Iterations; i++)
        {
            int maxMessageSize = random.Next(0, 64);
            byte[] stream = RandomStream(random, maxMessageSize);
            ReadOnlySequence<byte> buffer = Split(stream, random);
            try
            {
                Check(stream, buffer, maxMessageSize, seed, i);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail(Describe(seed, i, stream, $"threw {e}"));
            }
        }
    }

    private static void Check(byte[] stream, ReadOnlySequence<byte> buffer, int maxMessageSize, int seed, int iteration)
    {
        int offset = 0;
        while (true)
        {
            ReadOnlySequence<byte> before = buffer;
            bool read = GrpcFraming.TryReadMessage(ref buffer, maxMessageSize, out ReadOnlySequence<byte> message, out GrpcFrameError error);
            (bool expectRead, GrpcFrameError expectError, int expectLength) = Model(stream.AsSpan(offset), maxMessageSize);
            Assert.True((read, error) == (expectRead, expectError), Describe(seed, iteration, stream, $"at {offset}: got ({read}, {error}), model ({expectRead}, {expectError})"));
            if (!read)
            {
                Assert.True(before.Equals(buffer) || before.Length == buffer.Length, Describe(seed, iteration, stream, "a false return moved the buffer"));
                return;
            }

            Assert.True(message.Length == expectLength && message.Length <= maxMessageSize, Describe(seed, iteration, stream, "wrong message length"));
            Assert.True(message.ToArray().AsSpan().SequenceEqual(stream.AsSpan(offset + GrpcFraming.HeaderSize, expectLength)), Describe(seed, iteration, stream, "wrong message bytes"));
            offset += GrpcFraming.HeaderSize + expectLength;
            Assert.True(buffer.Length == stream.Length - offset, Describe(seed, iteration, stream, "consumed the wrong number of bytes"));
        }
    }

    /// <summary>PROTOCOL-HTTP2.md read plainly from a flat array.</summary>
    private static (bool Read, GrpcFrameError Error, int Length) Model(ReadOnlySpan<byte> rest, int maxMessageSize)
    {
        if (rest.Length < GrpcFraming.HeaderSize)
        {
            return (false, GrpcFrameError.None, 0);
        }

        if (rest[0] != 0)
        {
            return (false, rest[0] == 1 ? GrpcFrameError.CompressedMessage : GrpcFrameError.InvalidCompressedFlag, 0);
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(rest[1..]);
        if (length > (uint)maxMessageSize)
        {
            return (false, GrpcFrameError.MessageTooLarge, 0);
        }

        return rest.Length - GrpcFraming.HeaderSize < length ? (false, GrpcFrameError.None, 0) : (true, GrpcFrameError.None, (int)length);
    }

    /// <summary>Mostly well-formed frames (so reads get past the first), then random bytes, cut anywhere.</summary>
    private static byte[] RandomStream(Random random, int maxMessageSize)
    {
        List<byte> bytes = [];
        int frames = random.Next(0, 5);
        for (int f = 0; f < frames; f++)
        {
            int length = random.Next(0, maxMessageSize + 2);
            byte flag = random.Next(20) switch { 0 => 1, 1 => (byte)random.Next(2, 256), _ => 0 };
            bytes.Add(flag);
            uint declared = random.Next(30) == 0 ? (uint)random.NextInt64(0, uint.MaxValue + 1L) : (uint)length;
            byte[] prefix = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(prefix, declared);
            bytes.AddRange(prefix);
            byte[] body = new byte[length];
            random.NextBytes(body);
            bytes.AddRange(body);
        }

        byte[] tail = new byte[random.Next(0, 12)];
        random.NextBytes(tail);
        bytes.AddRange(tail);
        return [.. bytes.Take(random.Next(bytes.Count + 1))];
    }

    private static ReadOnlySequence<byte> Split(byte[] stream, Random random)
    {
        if (stream.Length == 0 || random.Next(4) == 0)
        {
            return new ReadOnlySequence<byte>(stream);
        }

        // Copies, so a read past a segment's end would not find the next bytes by accident.
        Segment first = new(stream.AsSpan(0, Math.Min(stream.Length, random.Next(0, 7))).ToArray(), 0);
        Segment last = first;
        int at = (int)first.Memory.Length;
        while (at < stream.Length)
        {
            int size = Math.Min(stream.Length - at, random.Next(0, 9));
            last = last.Append(stream.AsSpan(at, size).ToArray());
            at += size;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private static string Describe(int seed, int iteration, byte[] stream, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"seed {seed} (SECCOMP_RECORDER_FUZZ_SEED), iteration {iteration}: {what}; stream {Convert.ToHexString(stream)}");

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            Segment next = new(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
