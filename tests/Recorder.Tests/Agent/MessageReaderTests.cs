using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using SeccompRecorder.Agent;
using SeccompRecorder.Native;
using SeccompRecorder.Tests.Native;
using Xunit;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Tests.Agent;

/// <summary>
/// MessageReader over a real Unix socket pair, the client playing the runtime. Received fds are recognised by the
/// unique path of the temp file the client sent; "closed" means no fd of this process links to it any more.
/// </summary>
public sealed class MessageReaderTests : IDisposable
{
    private const string Runc115 =
        """{"ociVersion":"1.0.2-dev","fds":["seccompFd"],"pid":3954,"metadata":"policy=log","state":{"ociVersion":"1.0.2-dev","id":"feas1","status":"creating","pid":3954,"bundle":"/tmp/feas/bundle","annotations":{"io.kubernetes.cri-o.seccompNotifierAction":"stop"}}}""";

    private static readonly AgentLimits s_limits = new(MaxMessageBytes: 64 * 1024, ReadTimeout: TimeSpan.FromSeconds(5));

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ReadAsync_SplitOverThreeWritesWithFdInFirst_ReturnsFullPayloadAndTheFd()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        using OpenFiles files = new(_directory, 1);
        byte[] message = Encoding.UTF8.GetBytes(Runc115);
        using CancellationTokenSource deadline = new(TestTimeouts.Default);

        // The reader is already waiting when each piece arrives, as with a runtime that writes after connect.
        Task<(ReceivedMessage? Message, RejectReason Reason, string Detail)> reading = MessageReader.ReadAsync(pair.Server, s_limits, deadline.Token);
        await Task.Delay(50);
        UnixRights.Send(pair.Client.SafeHandle, message.AsSpan(0, 40), files.Handles());
        await Task.Delay(50);
        UnixRights.Send(pair.Client.SafeHandle, message.AsSpan(40, 100), []);
        await Task.Delay(50);
        UnixRights.Send(pair.Client.SafeHandle, message.AsSpan(140), []);
        (ReceivedMessage? received, RejectReason reason, string detail) = await reading.WaitAsync(TestTimeouts.Default);

        Assert.True(received is not null, $"rejected: {reason} {detail}");
        using (received)
        {
            Assert.Equal(message, received.Payload.ToArray());
            Assert.Equal([files.Paths[0]], received.Fds.Select(f => ProcSelfFd.Target(f.FdForDisplay)));
        }
    }

    [Fact]
    public async Task ReadAsync_CompleteObjectAndPeerNeverCloses_ReturnsWithoutWaitingForEof()
    {
        // runc 1.1.5 never closes its end: waiting for EOF would wait for the container's exit.
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        using OpenFiles files = new(_directory, 1);
        byte[] message = Encoding.UTF8.GetBytes(Runc115);
        using CancellationTokenSource deadline = new(TestTimeouts.Default);

        UnixRights.Send(pair.Client.SafeHandle, message, files.Handles());
        (ReceivedMessage? received, RejectReason reason, string detail) = await MessageReader.ReadAsync(pair.Server, s_limits, deadline.Token).WaitAsync(TestTimeouts.Default);

        Assert.True(received is not null, $"rejected: {reason} {detail}");
        using (received)
        {
            Assert.Equal(message, received.Payload.ToArray());
            Assert.Single(received.Fds);
            Assert.True(ContainerProcessStateParser.TryParse(received.Payload, out ContainerProcessState? state, out string error), error);
            Assert.Equal("feas1", state!.State.Id);
        }
    }

    [Fact]
    public async Task ReadAsync_BytesAfterTheObject_PayloadEndsAtTheClosingBrace()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        using CancellationTokenSource deadline = new(TestTimeouts.Default);

        UnixRights.Send(pair.Client.SafeHandle, Encoding.UTF8.GetBytes(Runc115 + "\n{\"more\":1}garbage"), []);
        (ReceivedMessage? received, _, _) = await MessageReader.ReadAsync(pair.Server, s_limits, deadline.Token).WaitAsync(TestTimeouts.Default);

        Assert.NotNull(received);
        using (received)
        {
            Assert.Equal(Runc115, Encoding.UTF8.GetString(received.Payload.Span));
            Assert.True(ContainerProcessStateParser.TryParse(received.Payload, out _, out string error), error);
        }
    }

    [Fact]
    public async Task ReadAsync_OneByteWrites_ReturnsFullPayload()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        byte[] message = Encoding.UTF8.GetBytes(Runc115);
        using CancellationTokenSource deadline = new(TestTimeouts.Default);

        Task<(ReceivedMessage? Message, RejectReason Reason, string Detail)> reading = MessageReader.ReadAsync(pair.Server, s_limits, deadline.Token);
        for (int i = 0; i < message.Length; i++)
        {
            UnixRights.Send(pair.Client.SafeHandle, message.AsSpan(i, 1), []);
        }

        (ReceivedMessage? received, RejectReason reason, string detail) = await reading.WaitAsync(TestTimeouts.Default);

        Assert.True(received is not null, $"rejected: {reason} {detail}");
        using (received)
        {
            Assert.Equal(message, received.Payload.ToArray());
        }
    }

    [Fact]
    public async Task ReadAsync_FdsInTwoWrites_KeepsEveryFd()
    {
        // The spec puts fds in the first write only; a runtime that does otherwise still has every fd owned by us.
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        using OpenFiles files = new(_directory, 2);
        SafeFdHandle[] handles = files.Handles();
        byte[] message = Encoding.UTF8.GetBytes(Runc115);
        using CancellationTokenSource deadline = new(TestTimeouts.Default);

        UnixRights.Send(pair.Client.SafeHandle, message.AsSpan(0, 10), handles.AsSpan(0, 1));
        UnixRights.Send(pair.Client.SafeHandle, message.AsSpan(10), handles.AsSpan(1, 1));
        (ReceivedMessage? received, _, _) = await MessageReader.ReadAsync(pair.Server, s_limits, deadline.Token).WaitAsync(TestTimeouts.Default);

        Assert.NotNull(received);
        using (received)
        {
            Assert.Equal(message, received.Payload.ToArray());
            Assert.Equal(files.Paths, received.Fds.Select(f => ProcSelfFd.Target(f.FdForDisplay)));
        }
    }

    [Fact]
    public async Task ReadAsync_HalfMessageThenStall_RejectsWithTimeoutAndClosesTheFd()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        string path;
        TimeSpan limit = TimeSpan.FromMilliseconds(300);
        Stopwatch elapsed = Stopwatch.StartNew();
        using CancellationTokenSource timeout = new(limit);
        (ReceivedMessage? received, RejectReason reason, string detail) result;
        using (OpenFiles files = new(_directory, 1))
        {
            path = files.Paths[0];
            UnixRights.Send(pair.Client.SafeHandle, Encoding.UTF8.GetBytes(Runc115[..(Runc115.Length / 2)]), files.Handles());
            result = await MessageReader.ReadAsync(pair.Server, s_limits, timeout.Token).WaitAsync(TestTimeouts.Default);
        }

        Assert.Null(result.received);
        Assert.Equal(RejectReason.Timeout, result.reason);
        Assert.NotEmpty(result.detail);
        Assert.InRange(elapsed.Elapsed, limit - TimeSpan.FromMilliseconds(10), limit + TimeSpan.FromSeconds(10));
        Assert.Empty(ProcSelfFd.PointingTo(path));
    }

    [Fact]
    public async Task ReadAsync_NothingSentThenCancelled_RejectsWithTimeout()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        using CancellationTokenSource timeout = new(TimeSpan.FromMilliseconds(100));

        (ReceivedMessage? received, RejectReason reason, _) = await MessageReader.ReadAsync(pair.Server, s_limits, timeout.Token).WaitAsync(TestTimeouts.Default);

        Assert.Null(received);
        Assert.Equal(RejectReason.Timeout, reason);
    }

    [Fact]
    public async Task ReadAsync_LargerThanLimit_RejectsAsTooLargeAndClosesTheFd()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        AgentLimits limits = new(MaxMessageBytes: 1024, ReadTimeout: TimeSpan.FromSeconds(5));
        using CancellationTokenSource deadline = new(TestTimeouts.Default);
        string path;
        (ReceivedMessage? received, RejectReason reason, string detail) result;
        using (OpenFiles files = new(_directory, 1))
        {
            path = files.Paths[0];
            // An unterminated string: never complete, so only the size limit can end the read.
            UnixRights.Send(pair.Client.SafeHandle, Encoding.UTF8.GetBytes("{\"metadata\":\"" + new string('x', 3000)), files.Handles());
            result = await MessageReader.ReadAsync(pair.Server, limits, deadline.Token).WaitAsync(TestTimeouts.Default);
        }

        Assert.Null(result.received);
        Assert.Equal(RejectReason.TooLarge, result.reason);
        Assert.Contains("1024", result.detail, StringComparison.Ordinal);
        Assert.Empty(ProcSelfFd.PointingTo(path));
    }

    [Fact]
    public async Task ReadAsync_GrowsPastTheFirstBuffer_ReturnsFullPayload()
    {
        // Annotations can make a message far larger than the 4 KiB first buffer.
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        string big = Runc115.Replace("\"stop\"", $"\"{new string('v', 20_000)}\"", StringComparison.Ordinal);
        byte[] message = Encoding.UTF8.GetBytes(big);
        using CancellationTokenSource deadline = new(TestTimeouts.Default);

        Task<(ReceivedMessage? Message, RejectReason Reason, string Detail)> reading = MessageReader.ReadAsync(pair.Server, s_limits, deadline.Token);
        await pair.Client.SendAsync(message, SocketFlags.None).WaitAsync(TestTimeouts.Default);
        (ReceivedMessage? received, RejectReason reason, string detail) = await reading.WaitAsync(TestTimeouts.Default);

        Assert.True(received is not null, $"rejected: {reason} {detail}");
        using (received)
        {
            Assert.Equal(message, received.Payload.ToArray());
        }
    }

    [Fact]
    public async Task ReadAsync_ExactlyTheLimit_Accepted()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        AgentLimits limits = new(MaxMessageBytes: 1024, ReadTimeout: TimeSpan.FromSeconds(5));
        byte[] message = PaddedObject(1024);
        using CancellationTokenSource deadline = new(TestTimeouts.Default);

        UnixRights.Send(pair.Client.SafeHandle, message, []);
        (ReceivedMessage? received, RejectReason reason, string detail) = await MessageReader.ReadAsync(pair.Server, limits, deadline.Token).WaitAsync(TestTimeouts.Default);

        Assert.True(received is not null, $"rejected: {reason} {detail}");
        using (received)
        {
            Assert.Equal(1024, received.Payload.Length);
        }
    }

    [Fact]
    public async Task ReadAsync_OneByteOverTheLimit_RejectsAsTooLarge()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        AgentLimits limits = new(MaxMessageBytes: 1024, ReadTimeout: TimeSpan.FromSeconds(5));
        using CancellationTokenSource deadline = new(TestTimeouts.Default);

        UnixRights.Send(pair.Client.SafeHandle, PaddedObject(1025), []);
        (ReceivedMessage? received, RejectReason reason, _) = await MessageReader.ReadAsync(pair.Server, limits, deadline.Token).WaitAsync(TestTimeouts.Default);
        int? acceptedLength = received?.Payload.Length;
        received?.Dispose();

        // Checked first: on success MessageReader returns default(RejectReason), which is Timeout.
        Assert.True(acceptedLength is null, $"a {acceptedLength}-byte message was accepted with MaxMessageBytes 1024");
        Assert.Equal(RejectReason.TooLarge, reason);
    }

    [Fact]
    public async Task ReadAsync_IncompleteJsonThenEof_ReturnsWhatArrivedForTheParserToReject()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        using CancellationTokenSource deadline = new(TestTimeouts.Default);

        UnixRights.Send(pair.Client.SafeHandle, "{\"ociVersion\":"u8, []);
        pair.Client.Shutdown(SocketShutdown.Send);
        (ReceivedMessage? received, _, _) = await MessageReader.ReadAsync(pair.Server, s_limits, deadline.Token).WaitAsync(TestTimeouts.Default);

        Assert.NotNull(received);
        using (received)
        {
            Assert.Equal("{\"ociVersion\":", Encoding.UTF8.GetString(received.Payload.Span));
            Assert.False(ContainerProcessStateParser.TryParse(received.Payload, out _, out string error));
            Assert.NotEmpty(error);
        }
    }

    [Fact]
    public async Task ReadAsync_GarbageThenEof_ReturnsItForTheParserToReject()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        using CancellationTokenSource deadline = new(TestTimeouts.Default);

        UnixRights.Send(pair.Client.SafeHandle, "not json at all"u8, []);
        pair.Client.Dispose();
        (ReceivedMessage? received, _, _) = await MessageReader.ReadAsync(pair.Server, s_limits, deadline.Token).WaitAsync(TestTimeouts.Default);

        Assert.NotNull(received);
        using (received)
        {
            Assert.Equal("not json at all", Encoding.UTF8.GetString(received.Payload.Span));
            Assert.False(ContainerProcessStateParser.TryParse(received.Payload, out _, out string error));
            Assert.NotEmpty(error);
        }
    }

    [Fact]
    public async Task ReadAsync_PeerClosesWithoutSending_ReturnsEmptyMessage()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        using CancellationTokenSource deadline = new(TestTimeouts.Default);

        pair.Client.Dispose();
        (ReceivedMessage? received, _, _) = await MessageReader.ReadAsync(pair.Server, s_limits, deadline.Token).WaitAsync(TestTimeouts.Default);

        Assert.NotNull(received);
        using (received)
        {
            Assert.Equal(0, received.Payload.Length);
            Assert.Empty(received.Fds);
        }
    }

    [Fact]
    public async Task ReceivedMessage_Dispose_ClosesFdsNotTaken()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        using CancellationTokenSource deadline = new(TestTimeouts.Default);
        List<string> paths;
        ReceivedMessage? received;
        using (OpenFiles files = new(_directory, 2))
        {
            paths = files.Paths;
            UnixRights.Send(pair.Client.SafeHandle, Encoding.UTF8.GetBytes(Runc115), files.Handles());
            (received, _, _) = await MessageReader.ReadAsync(pair.Server, s_limits, deadline.Token).WaitAsync(TestTimeouts.Default);
        }

        Assert.NotNull(received);
        using SafeFdHandle taken = received.Take(0);
        received.Dispose();

        Assert.Equal(paths[0], ProcSelfFd.Target(taken.FdForDisplay));
        Assert.Empty(ProcSelfFd.PointingTo(paths[1]));
    }

    /// <summary>A valid JSON object of exactly <paramref name="length"/> bytes.</summary>
    private static byte[] PaddedObject(int length)
    {
        const string head = "{\"p\":\"";
        const string tail = "\"}";
        byte[] bytes = Encoding.ASCII.GetBytes(head + new string('x', length - head.Length - tail.Length) + tail);
        Assert.Equal(length, bytes.Length);
        return bytes;
    }
}
