using System.IO.Pipes;
using System.Net.Sockets;
using System.Text;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Native;
using SeccompRecorder.Profiles;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Metrics;
using SeccompRecorder.Tests.Native;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// Hostile peers against the running daemon binary: each is a logged, counted rejection, no fd stays behind, no
/// container is registered, and a real runc container is recorded exactly afterwards.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class BadInputTests
{
    private const int SilentPeers = 300;
    private const int VanishingPeers = 10;
    private static readonly string[] s_allX86 = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"];

    private readonly RuncEnvironment _env;

    public BadInputTests(RuncEnvironment env) => _env = env;

    /// <summary>A runc 1.1.5 init message whose fds are <paramref name="fdNames"/>.</summary>
    private static string State(string id = "bad", params string[] fdNames)
    {
        string fds = string.Join(',', fdNames.Select(n => $"\"{n}\""));
        int pid = Environment.ProcessId;
        return $$"""{"ociVersion":"1.0.2-dev","fds":[{{fds}}],"pid":{{pid}},"metadata":"","state":{"ociVersion":"1.0.2-dev","id":"{{id}}","status":"creating","pid":{{pid}},"bundle":"/b"}""" + "}";
    }

    [Fact]
    public async Task Listener_HostileCorpus_EachRejectedNoFdLeftNothingRegisteredThenARealContainerRecordedExactly()
    {
        string directory = NewDirectory();
        await using DaemonProcess daemon = await StartWithShortTimeoutAsync(directory);
        using RecorderClient client = daemon.Client();
        await WarmUpAsync(daemon, client);
        string[] fdsBefore = [.. DaemonFds.NonAssembly(daemon.Pid)];
        string valid = State("bad", "seccompFd");
        using TempDirectory scratch = new();
        using EventFd eventFd = new();
        using Microsoft.Win32.SafeHandles.SafeFileHandle file = File.OpenHandle(scratch.CreateFile("regular", "x"));
        using AnonymousPipeServerStream pipe = new(PipeDirection.Out);
        SafeFdHandle fileFd = new((int)file.DangerousGetHandle(), ownsHandle: false);
        SafeFdHandle pipeFd = new((int)pipe.ClientSafePipeHandle.DangerousGetHandle(), ownsHandle: false);
        byte[] garbage = new byte[4096];
        new Random(5).NextBytes(garbage);

        Dictionary<string, long> expected = new()
        {
            ["invalid_state"] = 1, ["fd_count_mismatch"] = 0, ["not_seccomp_listener"] = 0, ["too_large"] = 0, ["timeout"] = 0,
        };

        await SendAsync(daemon, garbage, []);
        expected["invalid_state"]++;
        await SendAsync(daemon, Encoding.UTF8.GetBytes(valid), []);                         // names seccompFd, carries none
        expected["fd_count_mismatch"]++;
        foreach (SafeFdHandle notAListener in new[] { eventFd.Handle, fileFd, pipeFd })
        {
            await SendAsync(daemon, Encoding.UTF8.GetBytes(valid), [notAListener]);
            expected["not_seccomp_listener"]++;
        }

        await SendAsync(daemon, Encoding.UTF8.GetBytes(State("bad", "a", "seccompFd", "b")), [eventFd.Handle, fileFd, pipeFd]);
        expected["not_seccomp_listener"]++;
        await SendAsync(daemon, Encoding.UTF8.GetBytes(valid[..(valid.Length / 2)]), [eventFd.Handle]);   // truncated, then EOF
        expected["invalid_state"]++;
        await SendAsync(daemon, Encoding.UTF8.GetBytes(new string('[', 1000) + new string(']', 1000)), []);
        expected["invalid_state"]++;
        await SendAsync(daemon, Encoding.UTF8.GetBytes(State(new string('i', 100 * 1024), "seccompFd")), [eventFd.Handle]);
        expected["invalid_state"]++;
        // An open JSON string: bytes that could still become a message, until they pass the 1 MiB limit.
        await SendAsync(daemon, Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('a', 8 * 1024 * 1024)), [eventFd.Handle]);
        expected["too_large"]++;
        for (int i = 0; i < VanishingPeers; i++)
        {
            // Half a message and an fd, then gone without a shutdown: the kernel reports EOF mid-JSON.
            Socket socket = Connect(daemon.ListenerPath);
            UnixRights.Send(socket.SafeHandle, Encoding.UTF8.GetBytes(valid[..40]), [eventFd.Handle]);
            socket.Dispose();
        }

        expected["invalid_state"] += VanishingPeers;
        List<Socket> silent = [];
        for (int i = 0; i < SilentPeers; i++)
        {
            silent.Add(Connect(daemon.ListenerPath));
        }

        expected["timeout"] += SilentPeers;
        long total = expected.Values.Sum();
        await Poll.UntilAsync(
            async ct => (long)(await client.GetStatusAsync(ct)).ConnectionsRejected >= total ? "all" : null,
            () => $"{total} connections were rejected:\n{Tail(daemon.Output)}");
        silent.ForEach(s => s.Dispose());

        Status status = await client.GetStatusAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(((ulong)total, 0UL), (status.ConnectionsRejected, status.ConnectionsAccepted));
        Assert.Empty(await client.ListContainersAsync().WaitAsync(TestTimeouts.Default));
        string metrics = await MetricsScrape.GetTextAsync(await MetricsScrape.EndpointAsync(daemon));
        string[] rejected = MetricsScrape.Lines(metrics, "seccomp_recorder_listener_connections_total{result=\"rejected\"");
        string[] expectedLines = [.. expected.Select(e => $"seccomp_recorder_listener_connections_total{{result=\"rejected\",reason=\"{e.Key}\"}} {e.Value}")];
        Assert.Equal(string.Join('\n', expectedLines.Order(StringComparer.Ordinal)), string.Join('\n', rejected.Where(l => l.EndsWith(" 0", StringComparison.Ordinal) is false || expectedLines.Contains(l)).Order(StringComparer.Ordinal)));

        Assert.Contains($"Rejected a runtime connection from pid {Environment.ProcessId} uid 0: Timeout", daemon.Output, StringComparison.Ordinal);
        await Poll.UntilAsync(
            _ => Task.FromResult(DaemonFds.NonAssembly(daemon.Pid).Count <= fdsBefore.Length ? "back" : null),
            () => $"the daemon's fds are back to the {fdsBefore.Length} before [{string.Join(' ', fdsBefore)}], now [{string.Join(' ', DaemonFds.NonAssembly(daemon.Pid))}]");

        await RunRealContainerAsync(daemon, client, "bad-after");
    }

    /// <summary>
    /// Mutations of what runc and crun really send, each with an fd that is not a seccomp listener, some split over two
    /// writes, some cut off by the peer: every one is refused or closed, none registers a container, no fd or thread
    /// stays behind, and a real container is recorded exactly afterwards.
    /// </summary>
    [Fact]
    public async Task Listener_MutatedRuntimeMessages_EachRefusedNoFdOrThreadLeftThenARealContainerRecordedExactly()
    {
        const int Messages = 300;
        string directory = NewDirectory();
        await using DaemonProcess daemon = await StartWithShortTimeoutAsync(directory);
        using RecorderClient client = daemon.Client();
        await WarmUpAsync(daemon, client);
        string[] fdsBefore = [.. DaemonFds.NonAssembly(daemon.Pid)];
        int threadsBefore = Directory.GetDirectories($"/proc/{daemon.Pid}/task").Length;
        int seed = FuzzSeed.Get(20261202);
        Random random = new(seed);
        using EventFd eventFd = new();

        for (int i = 0; i < Messages; i++)
        {
            byte[] message = Agent.MessageMutator.Mutate(random, Agent.RuntimeMessages.Seeds[random.Next(Agent.RuntimeMessages.Seeds.Count)]);
            switch (random.Next(3))
            {
                case 0:
                    await SendAsync(daemon, message, [eventFd.Handle]);
                    break;
                case 1:
                    await SendSplitAsync(daemon, message, random.Next(message.Length + 1), eventFd.Handle);
                    break;
                default:
                    // Half of it and gone: EOF mid-message, or before the first byte.
                    using (Socket socket = Connect(daemon.ListenerPath))
                    {
                        int half = random.Next(message.Length / 2 + 1);
                        if (half > 0)
                        {
                            UnixRights.Send(socket.SafeHandle, message.AsSpan(0, half), [eventFd.Handle]);
                        }
                    }

                    break;
            }
        }

        string metrics = string.Empty;
        await Poll.UntilAsync(
            async ct =>
            {
                metrics = await MetricsScrape.GetTextAsync(await MetricsScrape.EndpointAsync(daemon));
                long handled = MetricsScrape.Lines(metrics, "seccomp_recorder_listener_connections_total{result=")
                    .Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
                return handled >= Messages + 1 ? "all" : null;
            },
            () => $"seed {seed}: {Messages} connections were handled:\n{metrics}\n{Tail(daemon.Output)}");

        Status status = await client.GetStatusAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(0UL, status.ConnectionsAccepted);
        Assert.Empty(await client.ListContainersAsync().WaitAsync(TestTimeouts.Default));
        await Poll.UntilAsync(
            _ => Task.FromResult(DaemonFds.NonAssembly(daemon.Pid).Count <= fdsBefore.Length ? "back" : null),
            () => $"seed {seed}: the daemon's fds are back to the {fdsBefore.Length} before, now [{string.Join(' ', DaemonFds.NonAssembly(daemon.Pid))}]");
        // Thread-pool threads come and go; a thread per connection left behind would show as hundreds.
        Assert.InRange(Directory.GetDirectories($"/proc/{daemon.Pid}/task").Length, 1, threadsBefore + 8);

        await RunRealContainerAsync(daemon, client, "fuzz-after");
    }

    /// <summary>A refusal names its container and reaches watch: that process's notified calls will get ENOSYS.</summary>
    [Fact]
    public async Task Listener_RefusedMessage_RejectedEventWithTheContainerAndWhy()
    {
        string directory = NewDirectory();
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(directory);
        using RecorderClient client = daemon.Client();
        using CancellationTokenSource stop = new(TestTimeouts.Default);
        IAsyncEnumerator<Event> events = client.WatchEventsAsync("refused-ctr", stop.Token).GetAsyncEnumerator(stop.Token);
        Task<bool> first = events.MoveNextAsync().AsTask();
        using EventFd eventFd = new();

        // The watch is open once the daemon has it; until then a refusal would go unseen, so send until one is seen.
        while (!first.IsCompleted)
        {
            await SendAsync(daemon, Encoding.UTF8.GetBytes(State("refused-ctr", "seccompFd")), [eventFd.Handle]);
            await Task.WhenAny(first, Task.Delay(200));
        }

        Assert.True(await first);
        Event rejected = events.Current;
        Assert.Equal((Event.Types.Kind.Rejected, "refused-ctr", Environment.ProcessId, 0U), (rejected.Kind, rejected.ContainerId, rejected.Pid, rejected.Run));
        Assert.StartsWith("NotSeccompListener: fd \"seccompFd\" is anon_inode:[eventfd]", rejected.Detail, StringComparison.Ordinal);
        Assert.Contains("container refused-ctr: fd \"seccompFd\" is anon_inode:[eventfd]", daemon.Output, StringComparison.Ordinal);
        await stop.CancelAsync();
        await events.DisposeAsync();
    }

    [Fact]
    public async Task Listener_PeerNeitherRootNorAllowed_RejectedBeforeAnyRead()
    {
        // A socket file any user may open: only SO_PEERCRED stands between uid 65534 and the daemon.
        string directory = NewDirectory();
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(Path.GetDirectoryName(directory)!, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(Path.GetDirectoryName(Path.GetDirectoryName(directory))!, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(_env.TempDir, (UnixFileMode)0b111_101_101);
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(directory, "--allowed-uid", "65533");
        File.SetUnixFileMode(daemon.ListenerPath, (UnixFileMode)0b110_110_110);
        using RecorderClient client = daemon.Client();

        // The refused peer: the daemon closes without reading, so its recv sees EOF before it has sent a byte.
        ProcessResult refused = await AsUserAsync(65534, daemon.ListenerPath, "print(len(s.recv(10)))");
        ProcessResult allowed = await AsUserAsync(65533, daemon.ListenerPath, "s.sendall(b'{}'); s.shutdown(socket.SHUT_WR); print(len(s.recv(10)))");

        Assert.True(refused.Succeeded, refused.ToString());
        Assert.True(allowed.Succeeded, allowed.ToString());
        string metrics = await MetricsScrape.GetTextAsync(await MetricsScrape.EndpointAsync(daemon));
        Assert.Contains("seccomp_recorder_listener_connections_total{result=\"rejected\",reason=\"peer_not_allowed\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("seccomp_recorder_listener_connections_total{result=\"rejected\",reason=\"invalid_state\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("uid 65534: PeerNotAllowed: uid 65534 is not root or an --allowed-uid", daemon.Output, StringComparison.Ordinal);
        Assert.Contains("uid 65533: InvalidState", daemon.Output, StringComparison.Ordinal);
    }

    private static async Task<ProcessResult> AsUserAsync(int uid, string socketPath, string then)
    {
        string script = $"import socket; s = socket.socket(socket.AF_UNIX); s.settimeout(20); s.connect('{socketPath}'); {then}";
        return await ProcessRunner.RunAsync(
            "setpriv", [$"--reuid={uid}", $"--regid={uid}", "--clear-groups", "/usr/bin/python3", "-c", script], TestTimeouts.Default, CancellationToken.None);
    }

    private async Task RunRealContainerAsync(DaemonProcess daemon, RecorderClient client, string id)
    {
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/sysloop", "getppid", "500"], SeccompProfileJson.Notify(daemon.ListenerPath, string.Empty, s_allX86, ["getppid"]));

        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);

        Assert.True(run.Succeeded, run.ToString());
        Container container = await Poll.UntilAsync(
            async ct => await client.GetContainerAsync(id, ct) is { State: ContainerState.Exited } exited ? exited : null,
            () => $"container {id} has exited:\n{Tail(daemon.Output)}");
        Syscall syscall = Assert.Single(container.Syscalls);
        Assert.Equal(("getppid", 500UL), (syscall.Name, syscall.Count));
        Assert.Equal(500UL, container.Notifications);
    }

    private static async Task<DaemonProcess> StartWithShortTimeoutAsync(string directory)
    {
        // Short read and first-byte limits in a settings file, so 300 silent peers cost a second (by default a peer may wait
        // for its first byte without a limit: crun does, between create and start).
        string settings = Path.Combine(directory, "settings.json");
        await File.WriteAllTextAsync(settings, """{ "ConnectionTimeout": "00:00:01", "FirstByteTimeout": "1s" }""");
        DaemonProcess daemon = DaemonProcess.LaunchWith(
            directory,
            ["--config", settings, "--listener", Path.Combine(directory, "listener.sock"), "--api", Path.Combine(directory, "api.sock"),
             "--state-dir", Path.Combine(directory, "state"), "--log-level", "Debug"],
            new Dictionary<string, string>());
        await daemon.WaitUntilServingAsync();
        return daemon;
    }

    /// <summary>One connection: the payload (fds on its first byte) in one sendmsg, then EOF, then until the daemon hangs up.</summary>
    private static async Task SendAsync(DaemonProcess daemon, byte[] payload, SafeFdHandle[] fds)
    {
        using Socket socket = Connect(daemon.ListenerPath);
        try
        {
            int sent = UnixRights.Send(socket.SafeHandle, payload, fds);
            if (sent < payload.Length)
            {
                await socket.SendAsync(payload.AsMemory(sent)).AsTask().WaitAsync(TestTimeouts.Default);
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ErrnoException)
        {
            // The daemon hangs up on an oversized message before it has all been sent: that is the point.
        }

        try
        {
            await socket.ReceiveAsync(new byte[1]).WaitAsync(TestTimeouts.Default);
        }
        catch (SocketException)
        {
            // ECONNRESET: closed with our unread data in its queue.
        }
    }

    /// <summary>
    /// Every path a corpus takes (a rejection, GetStatus, a scrape), once, so the runtime has loaded its assemblies and
    /// opened its own fds before the fds are counted; assembly mappings (*.dll) are not counted at all.
    /// </summary>
    private static async Task WarmUpAsync(DaemonProcess daemon, RecorderClient client)
    {
        await SendAsync(daemon, [0x7B], []);
        await Poll.UntilAsync(
            async ct => (await client.GetStatusAsync(ct)).ConnectionsRejected == 1 ? "warm" : null, () => $"the warm-up was rejected:\n{Tail(daemon.Output)}");
        await MetricsScrape.GetTextAsync(await MetricsScrape.EndpointAsync(daemon));
    }

    /// <summary>One message in two writes, the fd with the first (as the spec allows), then EOF.</summary>
    private static async Task SendSplitAsync(DaemonProcess daemon, byte[] payload, int at, SafeFdHandle fd)
    {
        using Socket socket = Connect(daemon.ListenerPath);
        try
        {
            if (at > 0)
            {
                UnixRights.Send(socket.SafeHandle, payload.AsSpan(0, at), [fd]);
            }

            await Task.Delay(1);
            await socket.SendAsync(payload.AsMemory(at)).AsTask().WaitAsync(TestTimeouts.Default);
            socket.Shutdown(SocketShutdown.Send);
            await socket.ReceiveAsync(new byte[1]).WaitAsync(TestTimeouts.Default);
        }
        catch (Exception e) when (e is SocketException or ErrnoException)
        {
            // Refused after the first part: the daemon hung up.
        }
    }

    private static Socket Connect(string path)
    {
        Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    private static string Tail(string output) => output.Length > 8000 ? output[^8000..] : output;

    private string NewDirectory() => Directory.CreateDirectory(Path.Combine(_env.TempDir, "daemons", Guid.NewGuid().ToString("N")[..8])).FullName;
}
