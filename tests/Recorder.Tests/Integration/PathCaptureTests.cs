using System.Text.Json.Nodes;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Profiles;
using SeccompRecorder.Tests.Deploy;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// Issue 14 item 3 with real runc: the paths of denied path-taking calls (read from the caller's memory before the
/// answer), with --capture-paths those of allowed ones, a path longer than PATH_MAX cut and marked; and item 4: the
/// same under the systemd unit's capabilities (read from the unit), and without CAP_SYS_PTRACE, counted unread.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class PathCaptureTests
{
    private static readonly string[] s_x86_64 = ["SCMP_ARCH_X86_64"];
    private static readonly string[] s_notified = ["mkdir", "chroot"];
    private readonly RuncEnvironment _env;

    public PathCaptureTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task LogPolicy_DeniedMkdirAndChroot_PathsInShowEventsAndJson()
    {
        const string id = "it-paths-log";
        using RecorderClient client = _env.Daemon.Client();
        using CancellationTokenSource watchCancel = new(TestTimeouts.Default);
        Task<List<Event>> events = CollectUntilExitAsync(client, id, watchCancel.Token);
        // The stream has no "subscribed" signal; give the call time to reach the server before the container starts.
        await Task.Delay(TimeSpan.FromSeconds(1));

        ProcessResult run = await RunAsync(_env.Daemon, id, "policy=log",
            "mkdir /tmp/denied-dir; mkdir /tmp/denied-dir; mkdir 'rel/x\ty'; /bin/busybox chroot /newroot /bin/true; echo done", uid: null);

        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains("done", run.StandardOutput, StringComparison.Ordinal);
        Container container = await _env.WaitForExitAsync(id);
        Syscall mkdir = container.Syscalls.Single(s => s.Name == "mkdir");
        Assert.Equal(
            [("/tmp/denied-dir", 2UL, false), ("rel/x\\x09y", 1UL, false)],
            mkdir.Paths.Select(p => (p.Path, p.Count, p.Truncated)).ToArray());
        Assert.Equal((0UL, 0UL), (mkdir.PathsOther, mkdir.PathsUnread));
        Assert.Equal(["/newroot"], container.Syscalls.Single(s => s.Name == "chroot").Paths.Select(p => p.Path));

        List<Event> seen = await events.WaitAsync(TestTimeouts.Default);
        Assert.Equal(
            [("mkdir", "/tmp/denied-dir"), ("mkdir", "rel/x\\x09y"), ("chroot", "/newroot")],
            seen.Where(e => e.Kind == Event.Types.Kind.PathSeen).Select(e => (e.Syscall.Name, e.Path.Path)).ToArray());

        ProcessResult show = await Cli("show", id, "--api", _env.Daemon.ApiPath);
        Assert.Matches(@"(?m)^mkdir\s+x86_64\s+/tmp/denied-dir\s+2\s*$", show.StandardOutput);
        Assert.Matches(@"(?m)^mkdir\s+x86_64\s+rel/x\\x09y\s+1\s*$", show.StandardOutput);
        Assert.Matches(@"(?m)^chroot\s+x86_64\s+/newroot\s+1\s*$", show.StandardOutput);
        ProcessResult json = await Cli("show", id, "--api", _env.Daemon.ApiPath, "--output", "json");
        JsonNode chroot = JsonNode.Parse(json.StandardOutput)!["syscalls"]!.AsArray().Single(s => (string?)s!["name"] == "chroot")!;
        Assert.Equal("/newroot", (string?)chroot["paths"]![0]!["path"]);
    }

    [Fact]
    public async Task LongerThanPathMax_KeptCutAndMarkedTruncated()
    {
        const string id = "it-paths-long";
        string longPath = "/tmp/" + new string('a', 5000);

        ProcessResult run = await RunAsync(_env.Daemon, id, "policy=log", $"mkdir {longPath}; echo done", uid: null);

        Assert.True(run.Succeeded, run.ToString());
        Container container = await _env.WaitForExitAsync(id);
        SyscallPath path = Assert.Single(container.Syscalls.Single(s => s.Name == "mkdir").Paths);
        Assert.True(path.Truncated);
        Assert.Equal(longPath[..4096], path.Path);
        ProcessResult show = await Cli("show", id, "--api", _env.Daemon.ApiPath);
        Assert.Contains(longPath[..4096] + "... (truncated)", show.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordPolicy_PathsOnlyWithCapturePaths()
    {
        // The shared daemon has no --capture-paths: allowed calls are counted, their paths not read.
        ProcessResult plain = await RunAsync(_env.Daemon, "it-paths-record-plain", "policy=record", "mkdir /tmp/rec-a && echo done", uid: null);
        Assert.True(plain.Succeeded, plain.ToString());
        Syscall uncaptured = (await _env.WaitForExitAsync("it-paths-record-plain")).Syscalls.Single(s => s.Name == "mkdir");
        Assert.Equal(1UL, uncaptured.Count);
        Assert.Empty(uncaptured.Paths);

        await using DaemonProcess daemon = await DaemonProcess.StartAsync(Path.Combine(_env.TempDir, "daemon-capture-paths"), "--capture-paths");
        ProcessResult run = await RunAsync(daemon, "it-paths-record", "policy=record", "mkdir /tmp/rec-a && mkdir /tmp/rec-b && echo done", uid: null);

        Assert.True(run.Succeeded, run.ToString());
        Container container = await daemon.WaitForContainerExitAsync("it-paths-record");
        Syscall mkdir = container.Syscalls.Single(s => s.Name == "mkdir");
        Assert.Equal((2UL, 0UL), (mkdir.Count, mkdir.Denied));
        Assert.Equal(["/tmp/rec-a", "/tmp/rec-b"], mkdir.Paths.Select(p => p.Path).Order(StringComparer.Ordinal));
        using RecorderClient client = daemon.Client();
        Api.V1.Status status = await client.GetStatusAsync();
        Assert.True(status.CapturePaths);
        Assert.Equal((2UL, 0UL), (status.PathReads, status.PathReadsDenied));
    }

    [Fact]
    public async Task UnderTheUnitsCapabilities_AnotherUidsDeniedCall_PathRead()
    {
        const string id = "it-paths-unit-caps";
        await using DaemonProcess daemon = await DaemonProcess.StartWrappedAsync(UnitCapabilities.Setpriv(), Path.Combine(_env.TempDir, "daemon-paths-unit"));
        Assert.Contains(UnitCapabilities.CapEffLine(), File.ReadAllText($"/proc/{daemon.Pid}/status"), StringComparison.Ordinal);

        ProcessResult run = await RunAsync(daemon, id, "policy=log", "id -u; mkdir /tmp/unit-dir; echo done", uid: 4242);

        Assert.True(run.Succeeded, run.ToString());
        Assert.StartsWith("4242\n", run.StandardOutput, StringComparison.Ordinal);
        Container container = await daemon.WaitForContainerExitAsync(id);
        Syscall mkdir = container.Syscalls.Single(s => s.Name == "mkdir");
        Assert.Equal(["/tmp/unit-dir"], mkdir.Paths.Select(p => p.Path));
        Assert.Equal(0UL, mkdir.PathsUnread);
    }

    [Fact]
    public async Task UnderTheUnitsCapabilitiesWithoutPtrace_AnotherUidsDeniedCall_CountedUnread()
    {
        const string id = "it-paths-unit-noptrace";
        await using DaemonProcess daemon = await DaemonProcess.StartWrappedAsync(
            UnitCapabilities.Setpriv("CAP_SYS_PTRACE"), Path.Combine(_env.TempDir, "daemon-paths-noptrace"));

        ProcessResult run = await RunAsync(daemon, id, "policy=log", "mkdir /tmp/unit-dir; echo done", uid: 4242);

        Assert.True(run.Succeeded, run.ToString());
        Container container = await daemon.WaitForContainerExitAsync(id);
        Syscall mkdir = container.Syscalls.Single(s => s.Name == "mkdir");
        Assert.Empty(mkdir.Paths);
        Assert.Equal((1UL, 1UL), (mkdir.Denied, mkdir.PathsUnread));
        using RecorderClient client = daemon.Client();
        Api.V1.Status status = await client.GetStatusAsync();
        Assert.Equal((1UL, 1UL), (status.PathReads, status.PathReadsDenied));
        ProcessResult show = await Cli("show", id, "--api", daemon.ApiPath);
        Assert.Matches(@"(?m)^mkdir\s+x86_64\s+\(unread\)\s+1\s*$", show.StandardOutput);
    }

    private async Task<ProcessResult> RunAsync(DaemonProcess daemon, string id, string metadata, string script, int? uid)
    {
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/bin/sh", "-c", script], SeccompProfileJson.Notify(daemon.ListenerPath, metadata, s_x86_64, s_notified));
        if (uid is { } user)
        {
            JsonObject config = JsonNode.Parse(File.ReadAllText(bundle.ConfigPath))!.AsObject();
            config["process"]!["user"] = new JsonObject { ["uid"] = user, ["gid"] = user };
            File.WriteAllText(bundle.ConfigPath, config.ToJsonString());
        }

        return await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
    }

    private static async Task<List<Event>> CollectUntilExitAsync(RecorderClient client, string id, CancellationToken cancellationToken)
    {
        List<Event> events = [];
        await foreach (Event item in client.WatchEventsAsync(null, cancellationToken))
        {
            if (item.ContainerId != id)
            {
                continue;
            }

            events.Add(item);
            if (item.Kind == Event.Types.Kind.ContainerExited)
            {
                break;
            }
        }

        return events;
    }

    private static Task<ProcessResult> Cli(params string[] args) =>
        ProcessRunner.RunAsync(RepoPaths.RecorderExecutable, args, TestTimeouts.Default, CancellationToken.None);
}
