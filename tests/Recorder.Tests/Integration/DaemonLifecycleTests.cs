using System.Net.Sockets;
using System.Text;
using SeccompRecorder.Demo;
using SeccompRecorder.Native;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>Starting and stopping the real daemon binary: sockets, stale files, bad settings, SIGTERM, bad peers.</summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class DaemonLifecycleTests
{
    private readonly RuncEnvironment _env;

    public DaemonLifecycleTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task Start_Defaults_SocketsHaveTheirModes()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(NewDirectory());

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(daemon.ListenerPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(daemon.ApiPath));
    }

    [Fact]
    public async Task Sigterm_RunningDaemon_ExitsZeroAndRemovesItsSockets()
    {
        DaemonProcess daemon = await DaemonProcess.StartAsync(NewDirectory());

        int exitCode = await daemon.StopAsync();

        Assert.Equal(0, exitCode);
        Assert.False(File.Exists(daemon.ListenerPath), daemon.Output);
        Assert.False(File.Exists(daemon.ApiPath), daemon.Output);
        await daemon.DisposeAsync();
    }

    [Fact]
    public async Task Start_StaleSocketsFromAKilledDaemon_ReplacesThem()
    {
        string directory = NewDirectory();
        foreach (string name in new[] { "listener.sock", "api.sock" })
        {
            // .NET unlinks a socket's path when the Socket is disposed; a process that exits (as a killed daemon) does not.
            string bind = $"import socket; socket.socket(socket.AF_UNIX).bind('{Path.Combine(directory, name)}')";
            ProcessResult python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", bind], TestTimeouts.Default, CancellationToken.None);
            Assert.True(python.Succeeded && File.Exists(Path.Combine(directory, name)), python.ToString());
        }

        await using DaemonProcess daemon = await DaemonProcess.StartAsync(directory);

        await Poll.UntilAsync(
            _ => Task.FromResult(daemon.Output.Contains("Replaced stale socket", StringComparison.Ordinal)
                && daemon.Output.Contains("Replaced stale API socket", StringComparison.Ordinal) ? "both" : null),
            () => $"both stale sockets were reported replaced:\n{daemon.Output}");
    }

    [Fact]
    public async Task Start_AnotherDaemonOnTheSamePaths_FailsWithoutTouchingIt()
    {
        string directory = NewDirectory();
        await using DaemonProcess first = await DaemonProcess.StartAsync(directory);

        // A state directory of its own: on the same one the directory's lock refuses it first (OneDaemonPerStateDirectoryTests).
        await using DaemonProcess second = DaemonProcess.LaunchWith(
            directory,
            ["--listener", first.ListenerPath, "--api", first.ApiPath, "--state-dir", Path.Combine(directory, "second-state")],
            new Dictionary<string, string>());
        int exitCode = await second.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("already listening", second.Output, StringComparison.Ordinal);
        using var client = first.Client();
        await client.CheckHealthAsync().WaitAsync(TestTimeouts.Default);
        // The second daemon's probe of the listener is no runtime failure: Debug only, and no refusal counted.
        await Poll.UntilAsync(
            _ => Task.FromResult(first.Output.Contains("closed before sending anything", StringComparison.Ordinal) ? "seen" : null),
            () => $"the first daemon saw the probe close (log:\n{first.Output})");
        Assert.DoesNotContain("Rejected a runtime connection", first.Output, StringComparison.Ordinal);
        Assert.Equal(0UL, (await client.GetStatusAsync().WaitAsync(TestTimeouts.Default)).ConnectionsRejected);
    }

    [Fact]
    public async Task Start_ApiGroup_ApiSocketGetsThatGroup()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(NewDirectory(), "--api-group", "4242");

        ProcessResult stat = await ProcessRunner.RunAsync("stat", ["-c", "%u:%g %a", daemon.ApiPath], TestTimeouts.Default, CancellationToken.None);
        Assert.Equal("0:4242 660", stat.StandardOutput.Trim());
    }

    [Fact]
    public async Task Start_UnknownApiGroup_ExitsTwoWithTheReason()
    {
        await using DaemonProcess daemon = DaemonProcess.Launch(NewDirectory(), "--api-group", "no-such-group-xyz");

        Assert.Equal(2, await daemon.WaitForExitAsync());
        Assert.Contains("--api-group: no group \"no-such-group-xyz\"", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InvalidApiTcp_ExitsTwoWithTheReason()
    {
        await using DaemonProcess daemon = DaemonProcess.Launch(NewDirectory(), "--api-tcp", "localhost:http");

        int exitCode = await daemon.WaitForExitAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains("--api-tcp", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RelativeApiPath_ExitsTwoWithTheReason()
    {
        string directory = NewDirectory();
        await using DaemonProcess daemon = DaemonProcess.LaunchWith(
            directory,
            ["--listener", Path.Combine(directory, "listener.sock"), "--api", "relative/api.sock", "--state-dir", Path.Combine(directory, "state")],
            new Dictionary<string, string>());

        Assert.Equal(2, await daemon.WaitForExitAsync());
        Assert.Contains("--api: \"relative/api.sock\" is not an absolute path", daemon.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listener_GarbageAndSilentPeers_RejectedAndDaemonKeepsServing()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(NewDirectory());
        using (Socket garbage = Connect(daemon.ListenerPath))
        {
            await garbage.SendAsync(Encoding.UTF8.GetBytes("{\"ociVersion\":\"1.0.2\",\"fds\":[\"seccompFd\"]}"));
            garbage.Shutdown(SocketShutdown.Send);
            await garbage.ReceiveAsync(new byte[1]).WaitAsync(TestTimeouts.Default);
        }

        using var client = daemon.Client();
        await Poll.UntilAsync(
            async ct => (await client.GetStatusAsync(ct)).ConnectionsRejected >= 1 ? "rejected" : null,
            () => $"the connection was rejected:\n{daemon.Output}");

        Api.V1.Status status = await client.GetStatusAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal((0UL, 0U), (status.ConnectionsAccepted, status.ContainersTotal));
        Assert.Contains("InvalidState", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SettingsFileEnvironmentAndFlags_LaterSourcesWin()
    {
        string directory = NewDirectory();
        string settings = Path.Combine(directory, "settings.json");
        await File.WriteAllTextAsync(settings, $$"""
            {
              "Listener": "{{Path.Combine(directory, "from-file-listener.sock")}}",
              "Api": "{{Path.Combine(directory, "from-file-api.sock")}}",
              "StateDir": "{{Path.Combine(directory, "state")}}"
            }
            """);
        Dictionary<string, string> environment = new() { ["SECCOMP_RECORDER_API"] = Path.Combine(directory, "api.sock") };

        await using DaemonProcess daemon = DaemonProcess.LaunchWith(directory, ["--config", settings, "--listener", Path.Combine(directory, "listener.sock")], environment);
        await daemon.WaitUntilServingAsync();

        Assert.True(FileType.IsSocket(daemon.ListenerPath), daemon.Output);
        Assert.True(FileType.IsSocket(daemon.ApiPath), daemon.Output);
        Assert.False(File.Exists(Path.Combine(directory, "from-file-listener.sock")));
        Assert.False(File.Exists(Path.Combine(directory, "from-file-api.sock")));
    }

    [Fact]
    public async Task Start_SettingsFileIsNotJson_ExitsTwoNamingTheFile()
    {
        string directory = NewDirectory();
        string settings = Path.Combine(directory, "settings.json");
        await File.WriteAllTextAsync(settings, "Listener = /tmp/x\n");

        await using DaemonProcess daemon = DaemonProcess.LaunchWith(directory, ["--config", settings], new Dictionary<string, string>());

        Assert.Equal(2, await daemon.WaitForExitAsync());
        Assert.Contains("settings.json", daemon.Output, StringComparison.Ordinal);
    }

    private static Socket Connect(string path)
    {
        Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    private string NewDirectory() => Directory.CreateDirectory(Path.Combine(_env.TempDir, "daemons", Guid.NewGuid().ToString("N")[..8])).FullName;
}
