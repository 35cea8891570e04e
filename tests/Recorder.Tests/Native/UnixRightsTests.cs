using System.Text;
using SeccompRecorder.Native;
using Xunit;

namespace SeccompRecorder.Tests.Native;

/// <summary>sendmsg/recvmsg with SCM_RIGHTS over a real connected AF_UNIX stream pair.</summary>
public sealed class UnixRightsTests : IDisposable
{
    private const int SO_PASSCRED = 16; // <asm-generic/socket.h>

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Receive_PayloadWithFds_ReturnsPayloadAndNewCloseOnExecFdsForTheSameFiles(int count)
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        List<SafeFdHandle> received = [];
        List<string> paths;
        using (OpenFiles files = new(_directory, count))
        {
            paths = files.Paths;
            byte[] payload = Encoding.ASCII.GetBytes("{\"fds\":[\"seccompFd\"]}");

            int sent = UnixRights.Send(pair.Client.SafeHandle, payload, files.Handles());
            byte[] buffer = new byte[4096];
            ReceiveResult result = UnixRights.Receive(pair.Server.SafeHandle, buffer, received);

            Assert.Equal(payload.Length, sent);
            Assert.Equal(new ReceiveResult(ReceiveStatus.Data, payload.Length, ControlTruncated: false, ControlMalformed: false), result);
            Assert.Equal(payload, buffer[..result.BytesRead]);
            Assert.Equal(count, received.Count);
            for (int i = 0; i < count; i++)
            {
                int fd = received[i].FdForDisplay;
                Assert.NotEqual(files.Fd(i), fd);
                Assert.Equal(paths[i], ProcSelfFd.Target(fd));
                Assert.True(ProcSelfFd.IsCloseOnExec(fd), $"received fd {fd} lacks FD_CLOEXEC (flags 0{Convert.ToString(ProcSelfFd.Flags(fd), 8)})");
            }
        }

        DisposeAll(received);
        foreach (string path in paths)
        {
            Assert.Empty(ProcSelfFd.PointingTo(path));
        }
    }

    [Fact]
    public async Task Receive_NothingSent_ReturnsWouldBlock()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        List<SafeFdHandle> received = [];

        ReceiveResult result = UnixRights.Receive(pair.Server.SafeHandle, new byte[64], received);

        Assert.Equal(ReceiveStatus.WouldBlock, result.Status);
        Assert.Equal(0, result.BytesRead);
        Assert.Empty(received);
    }

    [Fact]
    public async Task Receive_PeerClosed_ReturnsEndOfStream()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        List<SafeFdHandle> received = [];

        pair.Client.Dispose();
        ReceiveResult result = UnixRights.Receive(pair.Server.SafeHandle, new byte[64], received);

        Assert.Equal(ReceiveStatus.EndOfStream, result.Status);
        Assert.Equal(0, result.BytesRead);
        Assert.Empty(received);
    }

    [Fact]
    public async Task Receive_DataThenPeerClosed_ReturnsDataThenEndOfStream()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        List<SafeFdHandle> received = [];
        byte[] buffer = new byte[64];

        UnixRights.Send(pair.Client.SafeHandle, "abc"u8, []);
        pair.Client.Dispose();
        ReceiveResult first = UnixRights.Receive(pair.Server.SafeHandle, buffer, received);
        ReceiveResult second = UnixRights.Receive(pair.Server.SafeHandle, buffer, received);

        Assert.Equal(new ReceiveResult(ReceiveStatus.Data, 3, false, false), first);
        Assert.Equal(ReceiveStatus.EndOfStream, second.Status);
        Assert.Empty(received);
    }

    [Fact]
    public async Task Receive_BufferSmallerThanPayload_ReturnsTheRestNextTime()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        List<SafeFdHandle> received = [];
        byte[] buffer = new byte[4];

        UnixRights.Send(pair.Client.SafeHandle, "abcdef"u8, []);
        ReceiveResult first = UnixRights.Receive(pair.Server.SafeHandle, buffer, received);
        string firstText = Encoding.ASCII.GetString(buffer, 0, first.BytesRead);
        ReceiveResult second = UnixRights.Receive(pair.Server.SafeHandle, buffer, received);
        string secondText = Encoding.ASCII.GetString(buffer, 0, second.BytesRead);

        Assert.Equal("abcd", firstText);
        Assert.Equal("ef", secondText);
    }

    [Fact]
    public async Task Receive_TwoSendsWithFds_EachReceiveGetsItsOwnBytesAndFd()
    {
        // The kernel never glues a stream read across a message that carries fds: each arrives with its own bytes.
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        List<SafeFdHandle> first = [];
        List<SafeFdHandle> second = [];
        byte[] buffer = new byte[64];
        using OpenFiles files = new(_directory, 2);
        SafeFdHandle[] handles = files.Handles();
        try
        {
            UnixRights.Send(pair.Client.SafeHandle, "a"u8, handles.AsSpan(0, 1));
            UnixRights.Send(pair.Client.SafeHandle, "b"u8, handles.AsSpan(1, 1));
            ReceiveResult one = UnixRights.Receive(pair.Server.SafeHandle, buffer, first);
            byte oneByte = buffer[0];
            ReceiveResult two = UnixRights.Receive(pair.Server.SafeHandle, buffer, second);

            Assert.Equal((1, (byte)'a'), (one.BytesRead, oneByte));
            Assert.Equal((1, (byte)'b'), (two.BytesRead, buffer[0]));
            Assert.Equal([files.Paths[0]], first.Select(f => ProcSelfFd.Target(f.FdForDisplay)));
            Assert.Equal([files.Paths[1]], second.Select(f => ProcSelfFd.Target(f.FdForDisplay)));
        }
        finally
        {
            DisposeAll(first);
            DisposeAll(second);
        }
    }

    [Fact]
    public async Task Receive_PassCredSetOnReceiver_SkipsCredentialsAndReturnsTheFd()
    {
        // With SO_PASSCRED the kernel puts SCM_CREDENTIALS before SCM_RIGHTS: the real-world "more than one cmsg" case.
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        pair.Server.SetRawSocketOption(1, SO_PASSCRED, BitConverter.GetBytes(1));
        List<SafeFdHandle> received = [];
        using OpenFiles files = new(_directory, 1);
        try
        {
            UnixRights.Send(pair.Client.SafeHandle, "x"u8, files.Handles());
            ReceiveResult result = UnixRights.Receive(pair.Server.SafeHandle, new byte[64], received);

            Assert.Equal(new ReceiveResult(ReceiveStatus.Data, 1, ControlTruncated: false, ControlMalformed: false), result);
            Assert.Equal([files.Paths[0]], received.Select(f => ProcSelfFd.Target(f.FdForDisplay)));
        }
        finally
        {
            DisposeAll(received);
        }
    }

    [Fact]
    public async Task Receive_MaxFdsWithCredentialsTakingRoom_ReportsControlTruncatedAndOwnsWhatArrived()
    {
        // Our control buffer holds exactly SCM_MAX_FD fds. SO_PASSCRED's 32-byte credentials message then leaves room
        // for fewer: the kernel installs what fits, drops the rest and sets MSG_CTRUNC. An honest truncation.
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        pair.Server.SetRawSocketOption(1, SO_PASSCRED, BitConverter.GetBytes(1));
        List<SafeFdHandle> received = [];
        string path;
        using (OpenFiles files = new(_directory, 1))
        {
            path = files.Paths[0];
            SafeFdHandle one = files.Handles()[0];
            SafeFdHandle[] same = [.. Enumerable.Repeat(one, UnixRights.MaxFdsPerMessage)];

            UnixRights.Send(pair.Client.SafeHandle, "x"u8, same);
            ReceiveResult result = UnixRights.Receive(pair.Server.SafeHandle, new byte[64], received);

            Assert.True(result.ControlTruncated, $"expected MSG_CTRUNC, got {result} with {received.Count} fds");
            Assert.False(result.ControlMalformed);
            Assert.InRange(received.Count, 1, UnixRights.MaxFdsPerMessage - 1);
            Assert.All(received, f => Assert.Equal(path, ProcSelfFd.Target(f.FdForDisplay)));
        }

        DisposeAll(received);
        Assert.Empty(ProcSelfFd.PointingTo(path));
    }

    [Fact]
    public async Task Send_NoFds_SendsPayloadOnly()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        List<SafeFdHandle> received = [];
        byte[] buffer = new byte[64];

        int sent = UnixRights.Send(pair.Client.SafeHandle, "hello"u8, []);
        ReceiveResult result = UnixRights.Receive(pair.Server.SafeHandle, buffer, received);

        Assert.Equal(5, sent);
        Assert.Equal(new ReceiveResult(ReceiveStatus.Data, 5, false, false), result);
        Assert.Equal("hello"u8.ToArray(), buffer[..5]);
        Assert.Empty(received);
    }

    [Fact]
    public async Task Send_MoreThanMaxFds_ThrowsBeforeSending()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        using EventFd eventFd = new();
        SafeFdHandle[] tooMany = [.. Enumerable.Repeat(eventFd.Handle, UnixRights.MaxFdsPerMessage + 1)];

        Assert.Throws<ArgumentOutOfRangeException>(() => UnixRights.Send(pair.Client.SafeHandle, "x"u8, tooMany));
        Assert.Equal(ReceiveStatus.WouldBlock, UnixRights.Receive(pair.Server.SafeHandle, new byte[8], []).Status);
    }

    [Fact]
    public async Task Send_PeerClosed_ThrowsEpipeWithoutSigpipe()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);

        pair.Server.Dispose();
        ErrnoException e = Assert.Throws<ErrnoException>(() => UnixRights.Send(pair.Client.SafeHandle, "x"u8, []));

        Assert.Equal(Errno.EPIPE, e.Errno);
        Assert.Contains("sendmsg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPeerCredentials_ConnectedPair_ReturnsOwnPidUidGid()
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        (uint uid, uint gid) = OwnIds();

        PeerCredentials fromServer = UnixRights.GetPeerCredentials(pair.Server.SafeHandle);
        PeerCredentials fromClient = UnixRights.GetPeerCredentials(pair.Client.SafeHandle);

        Assert.Equal(new PeerCredentials(Environment.ProcessId, uid, gid), fromServer);
        Assert.Equal(new PeerCredentials(Environment.ProcessId, uid, gid), fromClient);
    }

    [Fact]
    public void GetPeerCredentials_NotASocket_ThrowsNamingTheCall()
    {
        using EventFd eventFd = new();

        ErrnoException e = Assert.Throws<ErrnoException>(() => UnixRights.GetPeerCredentials(eventFd.Handle));

        Assert.Equal(Errno.ENOTSOCK, e.Errno);
        Assert.Contains("SO_PEERCRED", e.Message, StringComparison.Ordinal);
    }

    private static (uint Uid, uint Gid) OwnIds()
    {
        // /proc/self/status: "Uid:\treal\teffective\tsaved\tfs"; SO_PEERCRED records the effective ids.
        string[] lines = File.ReadAllLines("/proc/self/status");
        uint Effective(string key) => uint.Parse(lines.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split('\t')[2], System.Globalization.CultureInfo.InvariantCulture);
        return (Effective("Uid:"), Effective("Gid:"));
    }

    private static void DisposeAll(List<SafeFdHandle> fds)
    {
        foreach (SafeFdHandle fd in fds)
        {
            fd.Dispose();
        }
    }
}
