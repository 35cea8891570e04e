using System.Text.Json;
using Xunit;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>End to end with a real gRPC implementation (python3-grpcio) over TCP and the Unix socket.</summary>
public sealed class PythonClientTests : IClassFixture<GrpcTestHost>
{
    private readonly GrpcTestHost _host;

    public PythonClientTests(GrpcTestHost host)
    {
        _host = host;
    }

    public static TheoryData<string> Transports => new() { "tcp", "unix" };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ListContainers_PythonClient_ReturnsContainersWithoutSyscalls(string transport)
    {
        JsonElement line = (await RunAsync(transport, "list"))[0];

        Assert.Equal("OK", line.GetProperty("code").GetString());
        JsonElement[] containers = line.GetProperty("response").GetProperty("containers").EnumerateArray().ToArray();
        Assert.Equal(["c1", "c2"], containers.Select(c => c.GetProperty("id").GetString()));
        Assert.All(containers, c => Assert.Equal(0, c.GetProperty("syscalls").GetArrayLength()));
        Assert.Equal("CONTAINER_STATE_RUNNING", containers[0].GetProperty("state").GetString());
        Assert.Equal("CONTAINER_STATE_EXITED", containers[1].GetProperty("state").GetString());
        Assert.Equal("2026-11-22T10:00:04Z", containers[1].GetProperty("exited_at").GetString());
        Assert.Equal("web-0", containers[0].GetProperty("kubernetes").GetProperty("pod_name").GetString());
        Assert.Equal("web-0", containers[0].GetProperty("annotations").GetProperty("io.kubernetes.pod.name").GetString());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ListContainers_PythonClientPageSizeOne_TwoPagesThenABadTokenRefused(string transport)
    {
        IReadOnlyList<JsonElement> lines = await RunAsync(transport, "list-pages:1", "list-raw:0:bm90IGEgdG9rZW4");

        Assert.Equal(("OK", 2), (lines[0].GetProperty("code").GetString(), lines[0].GetProperty("pages").GetInt32()));
        Assert.Equal(["c1", "c2"], lines[0].GetProperty("response").GetProperty("containers").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(
            ("INVALID_ARGUMENT", "page_token is not one this server gave out"),
            (lines[1].GetProperty("code").GetString(), lines[1].GetProperty("details").GetString()));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task GetContainer_PythonClient_FoundNotFoundAndInvalidArgument(string transport)
    {
        IReadOnlyList<JsonElement> lines = await RunAsync(transport, "get:c1", "get:nope", "get:");

        Assert.Equal("OK", lines[0].GetProperty("code").GetString());
        JsonElement[] syscalls = lines[0].GetProperty("response").GetProperty("syscalls").EnumerateArray().ToArray();
        Assert.Equal(2, syscalls.Length);
        Assert.Equal("getpid", syscalls[0].GetProperty("name").GetString());
        Assert.Equal("x86_64", syscalls[0].GetProperty("arch").GetString());
        Assert.Equal("7", syscalls[0].GetProperty("count").GetString()); // uint64 is a string in proto3 JSON
        Assert.Equal(string.Empty, syscalls[1].GetProperty("name").GetString());
        Assert.Equal("999", syscalls[1].GetProperty("nr").GetString());

        Assert.Equal("NOT_FOUND", lines[1].GetProperty("code").GetString());
        Assert.Equal("container \"nope\" not found", lines[1].GetProperty("details").GetString());

        Assert.Equal("INVALID_ARGUMENT", lines[2].GetProperty("code").GetString());
        Assert.Equal("id is required", lines[2].GetProperty("details").GetString());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task GetContainer_PythonClientHandlerThrows_UnknownWithGenericMessage(string transport)
    {
        JsonElement line = (await RunAsync(transport, "get:" + FakeRecordingReader.ThrowingId))[0];

        Assert.Equal("UNKNOWN", line.GetProperty("code").GetString());
        Assert.Equal("Exception was thrown by handler.", line.GetProperty("details").GetString());
        Assert.Contains(_host.ErrorsAbout("/seccomp.recorder.v1.Recorder/GetContainer"), e => e.Exception is InvalidOperationException);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task GetStatus_PythonClient_ReturnsStatus(string transport)
    {
        JsonElement line = (await RunAsync(transport, "status"))[0];

        Assert.Equal("OK", line.GetProperty("code").GetString());
        JsonElement status = line.GetProperty("response");
        Assert.Equal("0.1.0-test", status.GetProperty("version").GetString());
        Assert.Equal("2026-11-22T10:00:00Z", status.GetProperty("started_at").GetString());
        Assert.Equal(2, status.GetProperty("containers_total").GetInt32());
        Assert.True(status.GetProperty("sync_wake_up").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task HealthCheck_PythonClient_ServingForKnownNotFoundForOther(string transport)
    {
        IReadOnlyList<JsonElement> lines = await RunAsync(
            transport, "health:", "health:seccomp.recorder.v1.Recorder", "health:no.such.Service");

        Assert.Equal("SERVING", lines[0].GetProperty("response").GetProperty("status").GetString());
        Assert.Equal("SERVING", lines[1].GetProperty("response").GetProperty("status").GetString());
        Assert.Equal("NOT_FOUND", lines[2].GetProperty("code").GetString());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task HealthWatch_PythonClientCancelsAfterFirst_ReceivesServing(string transport)
    {
        JsonElement line = (await RunAsync(transport, "health-watch:"))[0];

        Assert.Equal("CANCELLED", line.GetProperty("code").GetString());
        Assert.Equal("SERVING", Assert.Single(line.GetProperty("events").EnumerateArray()).GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task UnknownMethod_PythonClient_Unimplemented(string transport)
    {
        IReadOnlyList<JsonElement> lines = await RunAsync(
            transport, "call:/seccomp.recorder.v1.Recorder/DeleteEverything", "call:/no.such.Service/Method");

        Assert.Equal("UNIMPLEMENTED", lines[0].GetProperty("code").GetString());
        Assert.Equal("Method is unimplemented.", lines[0].GetProperty("details").GetString());
        Assert.Equal("UNIMPLEMENTED", lines[1].GetProperty("code").GetString());
        Assert.Equal("Service is unimplemented.", lines[1].GetProperty("details").GetString());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task WatchEvents_PythonClientCancelsAfterThree_ReceivesFilteredEventsAndServerEndsQuietly(string transport)
    {
        int endedBefore = _host.Reader.WatchersEnded;

        JsonElement line = (await RunAsync(transport, "watch:c1:3"))[0];

        Assert.Equal("CANCELLED", line.GetProperty("code").GetString());
        JsonElement[] events = line.GetProperty("events").EnumerateArray().ToArray();
        Assert.Equal(["CONTAINER_ATTACHED", "SYSCALL_FIRST_SEEN", "EXEC_ATTACHED"], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.All(events, e => Assert.Equal("c1", e.GetProperty("container_id").GetString()));
        Assert.Equal("getpid", events[1].GetProperty("syscall").GetProperty("name").GetString());
        Assert.Equal(4250, events[2].GetProperty("pid").GetInt32());

        // The server's enumeration ends when the client goes away, and that is not an error.
        await TestTimeouts.WaitUntilAsync(() => _host.Reader.WatchersEnded > endedBefore, "the server's watcher ended");
        Assert.Empty(_host.ErrorsAbout("WatchEvents"));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task WatchEvents_PythonClientDeadlinePasses_DeadlineExceededAfterEvents(string transport)
    {
        // Long enough for python to start and connect on a loaded machine; the events come at once, the deadline later.
        JsonElement line = (await RunAsync(transport, "watch-deadline:c2:3"))[0];

        Assert.Equal("DEADLINE_EXCEEDED", line.GetProperty("code").GetString());
        JsonElement[] events = line.GetProperty("events").EnumerateArray().ToArray();
        Assert.Equal(["CONTAINER_ATTACHED", "CONTAINER_EXITED"], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.Empty(_host.ErrorsAbout("WatchEvents"));
    }

    private Task<IReadOnlyList<JsonElement>> RunAsync(string transport, params string[] commands)
    {
        string target = transport switch
        {
            "tcp" => $"127.0.0.1:{_host.TcpPort}",
            "unix" => "unix:" + _host.SocketPath,
            _ => throw new ArgumentOutOfRangeException(nameof(transport)),
        };
        return PythonGrpcClient.RunAsync(target, _host.DescriptorSetPath, commands);
    }
}
