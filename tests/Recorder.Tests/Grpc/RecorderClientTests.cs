using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Grpc.Client;
using Xunit;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>Our own client (the CLI's) against the in-process server, over TCP and the Unix socket.</summary>
public sealed class RecorderClientTests : IClassFixture<GrpcTestHost>
{
    private readonly GrpcTestHost _host;

    public RecorderClientTests(GrpcTestHost host)
    {
        _host = host;
    }

    public static TheoryData<string> Transports => new() { "tcp", "unix" };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ListContainersAsync_Host_ReturnsContainersWithoutSyscalls(string transport)
    {
        using RecorderClient client = Connect(transport);

        IReadOnlyList<Container> containers = await client.ListContainersAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal(["c1", "c2"], containers.Select(c => c.Id));
        Assert.All(containers, c => Assert.Empty(c.Syscalls));
        Assert.Equal(ContainerState.Exited, containers[1].State);
        Assert.Equal(FakeRecordingReader.T0.AddSeconds(4), containers[1].ExitedAt.ToDateTimeOffset());
        Assert.Null(containers[0].ExitedAt);
        Assert.Equal("nginx", containers[0].Kubernetes.ContainerName);
        Assert.Null(containers[1].Kubernetes);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task GetContainerAsync_KnownId_ReturnsSyscalls(string transport)
    {
        using RecorderClient client = Connect(transport);

        Container container = await client.GetContainerAsync("c1").WaitAsync(TestTimeouts.Default);

        Assert.Equal(4242, container.InitPid);
        Assert.Equal(2u, container.ListenersTotal);
        Assert.Equal(8ul, container.Notifications);
        Assert.Equal(["getpid", string.Empty], container.Syscalls.Select(s => s.Name));
        Assert.Equal(["x86_64", "x86"], container.Syscalls.Select(s => s.Arch));
        Assert.Equal(999, container.Syscalls[1].Nr);
    }

    [Theory]
    [InlineData("nope", (int)StatusCode.NotFound, "container \"nope\" not found")]
    [InlineData("", (int)StatusCode.InvalidArgument, "id is required")]
    [InlineData("é 100%", (int)StatusCode.NotFound, "container \"é 100%\" not found")] // percent-encoded on the wire
    [InlineData(FakeRecordingReader.ThrowingId, (int)StatusCode.Unknown, "Exception was thrown by handler.")]
    public async Task GetContainerAsync_Failing_ThrowsRpcException(string id, int expectedCode, string expectedDetail)
    {
        using RecorderClient client = Connect("unix");

        RpcException exception = await Assert.ThrowsAsync<RpcException>(
            () => client.GetContainerAsync(id).WaitAsync(TestTimeouts.Default));

        Assert.Equal((StatusCode)expectedCode, exception.StatusCode);
        Assert.Equal(expectedDetail, exception.Status.Detail);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task GetStatusAsync_Host_ReturnsStatus(string transport)
    {
        using RecorderClient client = Connect(transport);

        SeccompRecorder.Api.V1.Status status = await client.GetStatusAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal("0.1.0-test", status.Version);
        Assert.Equal(123456ul, status.AllocatedBytes);
        Assert.True(status.SyncWakeUp);
    }

    [Theory]
    [InlineData("")]
    [InlineData("seccomp.recorder.v1.Recorder")]
    public async Task CheckHealthAsync_KnownService_Serving(string service)
    {
        using RecorderClient client = Connect("unix");

        ServingStatus status = await client.CheckHealthAsync(service).WaitAsync(TestTimeouts.Default);

        Assert.Equal(ServingStatus.Serving, status);
    }

    [Fact]
    public async Task CheckHealthAsync_UnknownService_NotFound()
    {
        using RecorderClient client = Connect("tcp");

        RpcException exception = await Assert.ThrowsAsync<RpcException>(
            () => client.CheckHealthAsync("no.such.Service").WaitAsync(TestTimeouts.Default));

        Assert.Equal(StatusCode.NotFound, exception.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task WatchEventsAsync_CancelAfterThree_ReceivesFilteredEventsAndServerEnds(string transport)
    {
        using RecorderClient client = Connect(transport);
        using var cts = new CancellationTokenSource(TestTimeouts.Default);
        int endedBefore = _host.Reader.WatchersEnded;
        var received = new List<Event>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (Event e in client.WatchEventsAsync("c1", cts.Token))
            {
                received.Add(e);
                if (received.Count == 3)
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.Equal(
            [Event.Types.Kind.ContainerAttached, Event.Types.Kind.SyscallFirstSeen, Event.Types.Kind.ExecAttached],
            received.Select(e => e.Kind));
        Assert.Equal("getpid", received[1].Syscall.Name);
        Assert.Equal(FakeRecordingReader.T0, received[0].Time.ToDateTimeOffset());
        await TestTimeouts.WaitUntilAsync(() => _host.Reader.WatchersEnded > endedBefore, "the server's watcher ended");
        Assert.Empty(_host.ErrorsAbout("WatchEvents"));
    }

    [Fact]
    public async Task WatchEventsAsync_NoFilter_ReceivesEveryContainersEvents()
    {
        using RecorderClient client = Connect("unix");
        using var cts = new CancellationTokenSource(TestTimeouts.Default);
        var received = new List<Event>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (Event e in client.WatchEventsAsync(containerId: null, cts.Token))
            {
                received.Add(e);
                if (received.Count == 5)
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.Equal(["c1", "c2", "c1", "c1", "c2"], received.Select(e => e.ContainerId));
    }

    [Fact]
    public async Task GetStatusAsync_TimeoutElapses_ThrowsDeadlineExceeded()
    {
        using var client = new RecorderClient(_host.SocketPath, callTimeout: TimeSpan.Zero);

        RpcException exception = await Assert.ThrowsAsync<RpcException>(
            () => client.GetStatusAsync().WaitAsync(TestTimeouts.Default));

        Assert.Equal(StatusCode.DeadlineExceeded, exception.StatusCode);
    }

    [Fact]
    public async Task GetStatusAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using RecorderClient client = Connect("unix");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.GetStatusAsync(new CancellationToken(canceled: true)).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task ListContainersAsync_MissingSocket_ThrowsUnavailableNamingThePath()
    {
        string path = Path.Combine(_host.TempDir, "absent.sock");
        using var client = new RecorderClient(path);

        RecorderUnavailableException exception = await Assert.ThrowsAsync<RecorderUnavailableException>(
            () => client.ListContainersAsync().WaitAsync(TestTimeouts.Default));

        Assert.Equal($"cannot reach seccomp-recorder at {path}: No such file or directory (is the daemon running?)", exception.Message);
    }

    [Fact]
    public async Task GetStatusAsync_NothingListening_ThrowsUnavailable()
    {
        // Bound but not listening: the port is ours for the test and every connect is refused.
        using var reserved = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        reserved.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)reserved.LocalEndPoint!).Port;
        using var client = new RecorderClient($"127.0.0.1:{port}");

        RecorderUnavailableException exception = await Assert.ThrowsAsync<RecorderUnavailableException>(
            () => client.GetStatusAsync().WaitAsync(TestTimeouts.Default));

        Assert.Equal($"cannot reach seccomp-recorder at 127.0.0.1:{port}: Connection refused (is the daemon running?)", exception.Message);
    }

    private RecorderClient Connect(string transport) => transport switch
    {
        "tcp" => new RecorderClient($"127.0.0.1:{_host.TcpPort}"),
        "unix" => new RecorderClient(_host.SocketPath),
        _ => throw new ArgumentOutOfRangeException(nameof(transport)),
    };
}
