using System.Text.Json.Nodes;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Profiles;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>Real runc containers whose profile routes getppid to the daemon: counted exactly, named by (arch, nr).</summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class RecordPathTests
{
    private static readonly string[] s_allX86 = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"];
    private readonly RuncEnvironment _env;

    public RecordPathTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task Run_GetppidLoop_CountsEveryCallExactly()
    {
        const string id = "it-exact";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(
            ["/sysloop", "getppid", "1000"],
            SeccompProfileJson.Notify(_env.Daemon.ListenerPath, "policy=record;team=it", s_allX86, ["getppid"]),
            new Dictionary<string, string>
            {
                ["io.kubernetes.pod.name"] = "web-0",
                ["io.kubernetes.pod.namespace"] = "shop",
                ["io.kubernetes.container.name"] = "nginx",
            });

        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);

        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains("ok=1000 errors=0", run.StandardOutput, StringComparison.Ordinal);
        Container container = await _env.WaitForExitAsync(id);
        Syscall syscall = Assert.Single(container.Syscalls);
        Assert.Equal(("getppid", "x86_64", 110L, 1000UL), (syscall.Name, syscall.Arch, syscall.Nr, syscall.Count));
        Assert.True(syscall.FirstSeen.ToDateTimeOffset() <= syscall.LastSeen.ToDateTimeOffset());
        Assert.Equal(1000UL, container.Notifications);
        Assert.Equal((1U, 0U), (container.ListenersTotal, container.ListenersOpen));
        Assert.Equal(bundle.Directory, container.Bundle);
        Assert.Equal("policy=record;team=it", container.Metadata);
        Assert.Equal("1.0.2-dev", container.OciVersion);
        Assert.True(container.InitPid > 0);
        Assert.Equal(("web-0", "shop", "nginx"), (container.Kubernetes.PodName, container.Kubernetes.PodNamespace, container.Kubernetes.ContainerName));
        Assert.Equal("web-0", container.Annotations["io.kubernetes.pod.name"]);
    }

    [Fact]
    public async Task Run_I386Binary_NamesCallsFromTheI386Table()
    {
        const string id = "it-i386";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/sysloop32", "getppid", "77"], SeccompProfileJson.Notify(_env.Daemon.ListenerPath, string.Empty, s_allX86, ["getppid"]));

        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);

        Assert.True(run.Succeeded, run.ToString());
        Container container = await _env.WaitForExitAsync(id);
        Syscall syscall = Assert.Single(container.Syscalls);

        // i386 getppid is 64; x86_64's 64 is semget: the arch of the call, not of the machine, names it.
        Assert.Equal(("getppid", "x86", 64L, 77UL), (syscall.Name, syscall.Arch, syscall.Nr, syscall.Count));
    }

    [Fact]
    public async Task Exec_TwoExecsIntoRunningContainer_AddToTheSameContainer()
    {
        const string id = "it-exec";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/bin/sleep", "60"], SeccompProfileJson.Notify(_env.Daemon.ListenerPath, string.Empty, s_allX86, ["getppid"]));
        using RecorderClient client = _env.Daemon.Client();
        using CancellationTokenSource watchCancel = new(TestTimeouts.Default);
        Task<List<Event>> events = WatchedEvents.CollectUntilExitAsync(client, id, watchCancel.Token);

        // The stream has no "subscribed" signal; give the call time to reach the server before the container starts.
        await Task.Delay(TimeSpan.FromSeconds(1));

        await _env.Runc.StartDetachedAsync(bundle.Directory, id, Path.Combine(bundle.Directory, "container.log"), CancellationToken.None);
        try
        {
            ProcessResult first = await _env.Runc.ExecAsync(id, ["/sysloop", "getppid", "7"], TestTimeouts.Default, CancellationToken.None);
            ProcessResult second = await _env.Runc.ExecAsync(id, ["/sysloop32", "getppid", "5"], TestTimeouts.Default, CancellationToken.None);
            Assert.True(first.Succeeded && second.Succeeded, $"{first}\n{second}");
        }
        finally
        {
            await _env.Runc.KillAsync(id, "KILL", CancellationToken.None);
        }

        Container container = await _env.WaitForExitAsync(id);
        await _env.Runc.DeleteAsync(id, CancellationToken.None);
        Assert.Equal((3U, 0U), (container.ListenersTotal, container.ListenersOpen));
        Assert.Equal(
            [("getppid", "x86_64", 7UL), ("getppid", "x86", 5UL)],
            container.Syscalls.Select(s => (s.Name, s.Arch, s.Count)).OrderBy(s => s.Arch == "x86").ToArray());
        List<Event> seen = await events.WaitAsync(TestTimeouts.Default);
        Assert.Equal(
            [Event.Types.Kind.ContainerAttached, Event.Types.Kind.ExecAttached, Event.Types.Kind.SyscallFirstSeen,
             Event.Types.Kind.ExecAttached, Event.Types.Kind.SyscallFirstSeen, Event.Types.Kind.ContainerExited],
            seen.Select(e => e.Kind).ToArray());
        Assert.Equal(["x86_64", "x86"], seen.Where(e => e.Kind == Event.Types.Kind.SyscallFirstSeen).Select(e => e.Syscall.Arch).ToArray());
    }

    [Fact]
    public async Task PythonGrpcClient_GetContainer_ReadsTheRecording()
    {
        const string id = "it-python";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/sysloop", "getppid", "321"], SeccompProfileJson.Notify(_env.Daemon.ListenerPath, string.Empty, s_allX86, ["getppid"]));
        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
        Assert.True(run.Succeeded, run.ToString());
        await _env.WaitForExitAsync(id);
        string descriptors = Path.Combine(_env.TempDir, "descriptors.pb");
        await ProtoDescriptors.WriteSetAsync(descriptors);

        IReadOnlyList<System.Text.Json.JsonElement> lines = await PythonGrpcClient.RunAsync(
            "unix:" + _env.Daemon.ApiPath, descriptors, "get:" + id, "get:no-such-container", "health:");

        JsonNode get = JsonNode.Parse(lines[0].GetRawText())!;
        Assert.Equal("OK", (string?)get["code"]);
        JsonNode syscall = get["response"]!["syscalls"]![0]!;
        Assert.Equal(("getppid", "x86_64", "321"), ((string?)syscall["name"], (string?)syscall["arch"], (string?)syscall["count"]));
        Assert.Equal("NOT_FOUND", (string?)JsonNode.Parse(lines[1].GetRawText())!["code"]);
        Assert.Equal("SERVING", (string?)JsonNode.Parse(lines[2].GetRawText())!["response"]!["status"]);
    }
}
