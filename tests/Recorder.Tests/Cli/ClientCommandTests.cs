using System.Net.Sockets;
using System.Text.Json;
using SeccompRecorder.Cli.Output;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Cli;

/// <summary>
/// ls, show, status and watch end to end: the real command tree and client against the API served in process
/// over a Unix socket, answering from <see cref="FakeRecordingReader"/>.
/// </summary>
public sealed class ClientCommandTests : IClassFixture<GrpcTestHost>
{
    private readonly GrpcTestHost _host;

    public ClientCommandTests(GrpcTestHost host)
    {
        _host = host;
    }

    [Fact]
    public async Task Ls_TwoContainers_HeaderAndOneAlignedLineEachWithPolicy()
    {
        CommandRun run = await CommandRun.CompletedAsync("ls", "--api", _host.SocketPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(string.Empty, run.Error.Text);
        string[] lines = run.Output.Lines;
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^ID\s+RUN\s+STATE\s+POLICY\s+PID\s+LISTENERS\s+NOTIFICATIONS\s+VIOLATIONS\s+FIRST SEEN\s+LAST SEEN\s+POD$", lines[0]);
        Assert.Matches(@"^c1\s+1\s+running\s+log\s+4242\s+1/2\s+8\s+8\s+\d+[smhd] ago\s+\d+[smhd] ago\s+default/web-0/nginx$", lines[1]);
        Assert.Matches(@"^c2\s+1\s+exited\s+record\s+4343\s+0/1\s+0\s+0\s+\d+[smhd] ago\s+\d+[smhd] ago\s+-$", lines[2]);
        Assert.Equal(lines[0].IndexOf("STATE", StringComparison.Ordinal), lines[1].IndexOf("running", StringComparison.Ordinal));
        Assert.Equal(lines[0].IndexOf("POLICY", StringComparison.Ordinal), lines[2].IndexOf("record", StringComparison.Ordinal));
        Assert.Equal(lines[0].IndexOf("POD", StringComparison.Ordinal), lines[1].IndexOf("default/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ls_JsonOutput_ArrayOfContainersWithRfc3339Times()
    {
        CommandRun run = await CommandRun.CompletedAsync("ls", "--api", _host.SocketPath, "--output", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using JsonDocument json = JsonDocument.Parse(run.Output.Text);
        JsonElement[] containers = [.. json.RootElement.EnumerateArray()];
        Assert.Equal(["c1", "c2"], containers.Select(c => c.GetProperty("id").GetString()));
        Assert.Equal("2026-11-22T10:00:00Z", containers[0].GetProperty("firstSeen").GetString());
        Assert.Equal("web-0", containers[0].GetProperty("kubernetes").GetProperty("podName").GetString());
        Assert.Equal(JsonValueKind.Null, containers[1].GetProperty("kubernetes").ValueKind);
        Assert.Equal("2026-11-22T10:00:04Z", containers[1].GetProperty("exitedAt").GetString());
        Assert.Equal("log", containers[0].GetProperty("policy").GetProperty("mode").GetString());
        Assert.Equal("metadata", containers[0].GetProperty("policy").GetProperty("modeSource").GetString());
        Assert.Equal(8UL, containers[0].GetProperty("violations").GetUInt64());
        Assert.Equal("record", containers[1].GetProperty("policy").GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, containers[1].GetProperty("termination").ValueKind);
        Assert.False(containers[0].TryGetProperty("syscalls", out _));
    }

    [Fact]
    public async Task Show_KnownId_DetailsThenSyscallsMostFrequentFirst()
    {
        CommandRun run = await CommandRun.CompletedAsync("show", "c1", "--api", _host.SocketPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        string text = run.Output.Text;
        Assert.StartsWith(
            "id:                    c1\nrun:                   1\nruntime namespace:     -\nstate:                 running\ninit pid:              4242\nbundle:                /tmp/bundle/c1\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains(
            "\npod:                   default/web-0/nginx\npod uid:               uid-1\npolicy:                log (from metadata), errno ENOSYS (default)\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains(
            "\nterminated:            -\ntermination message:   -\nlisteners:             1 open, 2 total\nnotifications:         8\nviolations:            8\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains("\nannotations:\n  io.kubernetes.pod.name=web-0\n\nSYSCALL   ARCH     NR    COUNT   DENIED   VIOLATIONS   FIRST SEEN ", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^getpid\s+x86_64\s+39\s+7\s+7\s.*\n\?\s+x86\s+999\s+1\s+1\s", text);
    }

    [Fact]
    public async Task Show_JsonOutput_PolicyAndSyscallsWithNullNameForUnknown()
    {
        CommandRun run = await CommandRun.CompletedAsync("show", "c1", "--api", _host.SocketPath, "-o", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using JsonDocument json = JsonDocument.Parse(run.Output.Text);
        JsonElement[] syscalls = [.. json.RootElement.GetProperty("syscalls").EnumerateArray()];
        Assert.Equal("getpid", syscalls[0].GetProperty("name").GetString());
        Assert.Equal(7UL, syscalls[0].GetProperty("count").GetUInt64());
        Assert.Equal(JsonValueKind.Null, syscalls[1].GetProperty("name").ValueKind);
        Assert.Equal(999, syscalls[1].GetProperty("nr").GetInt64());
        Assert.Equal(1UL, syscalls[1].GetProperty("denied").GetUInt64());
        JsonElement policy = json.RootElement.GetProperty("policy");
        Assert.Equal(
            """{"mode":"log","modeSource":"metadata","errno":38,"errnoName":"ENOSYS","errnoSource":"default","grace":"5s","graceSource":"default","sourceAnswers":false}""",
            JsonSerializer.Serialize(policy));
        Assert.Equal(8UL, json.RootElement.GetProperty("violations").GetUInt64());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("termination").ValueKind);
    }

    [Fact]
    public async Task Show_UnknownId_NotFoundOnStderrExit1()
    {
        CommandRun run = await CommandRun.CompletedAsync("show", "no-such", "--api", _host.SocketPath);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("seccomp-recorder: container \"no-such\" not found\n", run.Error.Text);
        Assert.Equal(string.Empty, run.Output.Text);
    }

    [Fact]
    public async Task Show_ServerFails_StatusNameAndMessageExit1()
    {
        CommandRun run = await CommandRun.CompletedAsync("show", FakeRecordingReader.ThrowingId, "--api", _host.SocketPath);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("seccomp-recorder: UNKNOWN: ", run.Error.Text, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output.Text);
    }

    [Fact]
    public async Task Status_FakeDaemon_CountersBlock()
    {
        CommandRun run = await CommandRun.CompletedAsync("status", "--api", _host.SocketPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(
            """
            ^version:              0\.1\.0-test
            started at:           2026-11-22T10:00:00Z
            uptime:               (?:\d+[dhm])*\d+s
            containers:           1 running, 2 total
            containers stopped:   0
            listeners open:       1
            notifications:        8
            sync wake-up:         yes
            connections:          3 accepted, 0 rejected
            expected denials:     clone3
            paths:                denied calls and violations; 0 read, 0 refused \(EPERM\)
            $
            """.ReplaceLineEndings("\n"),
            run.Output.Text);
    }

    [Fact]
    public async Task Status_JsonOutput_Counters()
    {
        CommandRun run = await CommandRun.CompletedAsync("status", "--api", _host.SocketPath, "--output", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using JsonDocument json = JsonDocument.Parse(run.Output.Text);
        Assert.Equal("0.1.0-test", json.RootElement.GetProperty("version").GetString());
        Assert.Equal(2U, json.RootElement.GetProperty("containersTotal").GetUInt32());
        Assert.True(json.RootElement.GetProperty("syncWakeUp").GetBoolean());
        Assert.Equal(123456UL, json.RootElement.GetProperty("allocatedBytes").GetUInt64());
        Assert.Equal(0UL, json.RootElement.GetProperty("containersStopped").GetUInt64());
    }

    [Fact]
    public async Task Watch_EventsThenCancelled_OneLineEachExit0()
    {
        int watchersBefore = _host.Reader.WatchersEnded;
        var run = new CommandRun("watch", "--api", _host.SocketPath);
        using var cts = new CancellationTokenSource();
        Task<int> watching = run.StartAsync(cts.Token);

        await TestTimeouts.WaitUntilAsync(() => run.Output.Lines.Length >= 5 || watching.IsCompleted, "watch printed five events");
        cts.Cancel();
        int exitCode = await watching.WaitAsync(TestTimeouts.Default);

        Assert.True(exitCode == 0, run.ToString());
        Assert.Equal(
            """
            2026-11-22T10:00:00.000Z   attached         c1   pid 4242
            2026-11-22T10:00:01.000Z   attached         c2   pid 4343
            2026-11-22T10:00:01.000Z   syscall          c1   x86_64 getpid (39)
            2026-11-22T10:00:02.000Z   exec             c1   pid 4250
            2026-11-22T10:00:04.000Z   exited           c2

            """.ReplaceLineEndings("\n"),
            run.Output.Text);
        Assert.Equal(string.Empty, run.Error.Text);
        // The client's cancellation reached the daemon: its stream ended rather than waiting for the next event.
        await TestTimeouts.WaitUntilAsync(() => _host.Reader.WatchersEnded > watchersBefore, "the server's watch ended");
    }

    [Fact]
    public async Task Watch_OneContainerJson_NdjsonOfItsEventsOnly()
    {
        var run = new CommandRun("watch", "c2", "--api", _host.SocketPath, "--output", "json");
        using var cts = new CancellationTokenSource();
        Task<int> watching = run.StartAsync(cts.Token);

        await TestTimeouts.WaitUntilAsync(() => run.Output.Lines.Length >= 2 || watching.IsCompleted, "watch printed c2's two events");
        cts.Cancel();
        int exitCode = await watching.WaitAsync(TestTimeouts.Default);

        Assert.True(exitCode == 0, run.ToString());
        Assert.Equal(
            """
            {"time":"2026-11-22T10:00:01Z","kind":"attached","containerId":"c2","run":1,"pid":4343,"syscall":null}
            {"time":"2026-11-22T10:00:04Z","kind":"exited","containerId":"c2","run":1,"pid":null,"syscall":null}

            """.ReplaceLineEndings("\n"),
            run.Output.Text);
    }

    [Fact]
    public async Task Ls_MissingSocket_DaemonNotRunningExit1()
    {
        string missing = Path.Combine(_host.TempDir, "missing.sock");

        CommandRun run = await CommandRun.CompletedAsync("ls", "--api", missing);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"seccomp-recorder: cannot reach seccomp-recorder at {missing}: ", run.Error.Text, StringComparison.Ordinal);
        Assert.EndsWith("(is the daemon running?)\n", run.Error.Text, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output.Text);
    }

    [Fact]
    public async Task Watch_MissingSocket_DaemonNotRunningExit1()
    {
        CommandRun run = await CommandRun.CompletedAsync("watch", "--api", Path.Combine(_host.TempDir, "missing.sock"));

        Assert.Equal(1, run.ExitCode);
        Assert.EndsWith("(is the daemon running?)\n", run.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_MalformedApi_MessageExit1()
    {
        CommandRun run = await CommandRun.CompletedAsync("ls", "--api", "unix:");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("seccomp-recorder: --api \"unix:\": A Unix socket address needs a path.\n", run.Error.Text);
    }

    [Fact]
    public async Task Ls_UnknownOutputFormat_UsageErrorExit2()
    {
        CommandRun run = await CommandRun.CompletedAsync("ls", "--api", _host.SocketPath, "--output", "yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'yaml'", run.Error.Text, StringComparison.Ordinal);
        Assert.EndsWith("\nRun 'seccomp-recorder ls --help' for usage.\n", run.Error.Text, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output.Text);
    }

    [Fact]
    public async Task Watch_UnknownId_NotFoundExit1()
    {
        CommandRun run = await CommandRun.CompletedAsync("watch", "nope", "--api", _host.SocketPath);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("seccomp-recorder: NOT_FOUND: container \"nope\" not found\n", run.Error.Text);
        Assert.Equal(string.Empty, run.Output.Text);
    }

    [Fact]
    public async Task Watch_UnknownIdWithWait_WaitsUntilCancelledExit0()
    {
        int watchersBefore = _host.Reader.WatchersStarted;
        var run = new CommandRun("watch", "nope", "--wait", "--api", _host.SocketPath);
        using var cts = new CancellationTokenSource();
        Task<int> watching = run.StartAsync(cts.Token);

        await TestTimeouts.WaitUntilAsync(() => _host.Reader.WatchersStarted > watchersBefore || watching.IsCompleted, "the daemon's watch of nope started");
        Assert.False(watching.IsCompleted, run.ToString());
        cts.Cancel();
        int exitCode = await watching.WaitAsync(TestTimeouts.Default);

        Assert.True(exitCode == 0, run.ToString());
        Assert.Equal(string.Empty, run.Output.Text + run.Error.Text);
    }

    [Fact]
    public async Task Ls_SocketThatIsNotGrpc_SaysWhatIsThereAndWhereTheApiIs()
    {
        // What the runtime listener socket does to a client that is not a runtime: reads, then closes.
        string path = Path.Combine(_host.TempDir, $"not-grpc-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        Task closing = Task.Run(async () =>
        {
            using Socket accepted = await listener.AcceptAsync();
            byte[] buffer = new byte[4096];
            _ = await accepted.ReceiveAsync(buffer);
        });

        CommandRun run = await CommandRun.CompletedAsync("ls", "--api", path);
        await closing.WaitAsync(TestTimeouts.Default);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(
            $"seccomp-recorder: {path} is not a gRPC endpoint (no HTTP/2 answer): is --api pointing at the runtime listener socket "
            + "(the daemon's --listener, default /run/seccomp-recorder/listener.sock)? The API socket is the daemon's --api, "
            + "default /run/seccomp-recorder/api.sock\n",
            run.Error.Text);
    }

    [Theory]
    [InlineData("/cli.sock", "/env.sock", "/cli.sock")]
    [InlineData(null, "/env.sock", "/env.sock")]
    [InlineData(null, "", "/run/seccomp-recorder/api.sock")]
    [InlineData(null, null, "/run/seccomp-recorder/api.sock")]
    public void ResolveApi_OptionThenEnvironmentThenDefault(string? option, string? environment, string expected)
    {
        string resolved = ClientOptions.ResolveApi(option, name => name == "SECCOMP_RECORDER_API" ? environment : null);

        Assert.Equal(expected, resolved);
    }
}
