using System.Text.Json.Nodes;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Profiles;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>Real runc containers whose calls carry the argument values README "Argument values" names.</summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class ArgumentValuesTests
{
    private static readonly string[] s_allX86 = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"];
    private static readonly string[] s_notified = ["socket", "socketpair", "setsockopt", "socketcall", "ioctl"];
    private readonly RuncEnvironment _env;

    public ArgumentValuesTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task Run_SocketsOnBothArches_EachArchsFamiliesTypesAndOptions()
    {
        const string id = "it-args-sockets";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/bin/sh", "-c", "/argcalls sockets && /argcalls32 sockets"], SeccompProfileJson.Notify(_env.Daemon.ListenerPath, string.Empty, s_allX86, s_notified));

        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);

        Assert.True(run.Succeeded, run.ToString());
        Container container = await _env.WaitForExitAsync(id);
        Assert.Equal(["AF_INET", "AF_UNIX", "AF_NETLINK", "AF_ALG"], Texts(container, "socket", "x86_64", "domain"));
        Assert.Equal(["SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_SEQPACKET"], Texts(container, "socket", "x86_64", "type"));
        Assert.Equal(["AF_UNIX"], Texts(container, "socketpair", "x86_64", "domain"));
        Assert.Equal(["SOL_SOCKET,2"], Texts(container, "setsockopt", "x86_64", "option"));
        Assert.Equal(["AF_INET", "AF_UNIX", "AF_NETLINK", "AF_ALG"], Texts(container, "socket", "x86", "domain"));
        // i386 socketcall: the call (SYS_SOCKET) is a register, the domain is in memory and not read.
        Assert.Equal(["1"], Texts(container, "socketcall", "x86", "call"));

        ProcessResult json = await ProcessRunner.RunAsync(
            RepoPaths.RecorderExecutable, ["show", id, "--api", _env.Daemon.ApiPath, "--output", "json"], TestTimeouts.Default, CancellationToken.None);
        Assert.True(json.Succeeded, json.ToString());
        JsonNode socket = JsonNode.Parse(json.StandardOutput)!["syscalls"]!.AsArray()
            .Single(s => (string?)s!["name"] == "socket" && (string?)s["arch"] == "x86_64")!;
        JsonNode domain = socket["arguments"]!.AsArray().Single(a => (string?)a!["name"] == "domain")!;
        Assert.Contains(domain["values"]!.AsArray(), v => (string?)v!["text"] == "AF_ALG" && (ulong?)v["value"] == 38 && (ulong?)v["count"] == 1);

        ProcessResult table = await ProcessRunner.RunAsync(
            RepoPaths.RecorderExecutable, ["show", id, "--api", _env.Daemon.ApiPath], TestTimeouts.Default, CancellationToken.None);
        Assert.Matches(@"(?m)^socket\s+x86_64\s+domain\s+AF_ALG\s+1\s*$", table.StandardOutput);
    }

    [Fact]
    public async Task Run_SeventyDistinctIoctls_KeepsSixtyFourAndCountsTheRestAsOther()
    {
        const string id = "it-args-ioctls";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/argcalls", "ioctls", "70"], SeccompProfileJson.Notify(_env.Daemon.ListenerPath, string.Empty, s_allX86, s_notified));

        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);

        Assert.True(run.Succeeded, run.ToString());
        Container container = await _env.WaitForExitAsync(id);
        Syscall ioctl = container.Syscalls.Single(s => s.Name == "ioctl" && s.Arch == "x86_64");
        ArgumentValues request = Assert.Single(ioctl.Arguments);
        Assert.Equal("request", request.Name);
        Assert.Equal(64, request.Values.Count);
        Assert.Equal(ioctl.Count, request.Values.Aggregate(0UL, (sum, v) => sum + v.Count) + request.Other);
        Assert.True(request.Other >= 6, $"other {request.Other}");
        Assert.Contains(request.Values, v => v is { Value: 0x7f000000, Text: "0x7f000000", Count: 1 });
    }

    [Fact]
    public async Task Takeover_AfterSockets_SuccessorHasTheirValuesAndAddsItsOwn()
    {
        const string id = "it-args-takeover";
        string dir = Path.Combine(_env.TempDir, "daemons", id);
        DaemonProcess first = await DaemonProcess.StartAsync(dir);
        await using DaemonProcessGuard guard = new(first);
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(
            ["/bin/sh", "-c", "/argcalls sockets && /bin/sleep 3 && /argcalls ioctls 3"],
            SeccompProfileJson.Notify(first.ListenerPath, string.Empty, s_allX86, s_notified));
        Task<ProcessResult> run = _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
        using (RecorderClient client = first.Client())
        {
            await Poll.UntilAsync(
                async ct => (await client.ListContainersAsync(ct)).Any(c => c.Id == id)
                    && await client.GetContainerAsync(id, ct) is { } c && c.Syscalls.Any(s => s is { Name: "socket", Count: 4 }) ? c : null,
                () => $"container {id} made its sockets (daemon log:\n{first.Output})");
        }

        await using DaemonProcess second = DaemonProcess.Launch(dir, "--takeover");
        await first.WaitForExitAsync();
        await second.WaitUntilServingAsync();
        ProcessResult result = await run;
        Container after = await second.WaitForContainerExitAsync(id);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(["AF_INET", "AF_UNIX", "AF_NETLINK", "AF_ALG"], Texts(after, "socket", "x86_64", "domain"));
        Assert.Equal(["SOL_SOCKET,2"], Texts(after, "setsockopt", "x86_64", "option"));
        ArgumentValues request = Assert.Single(after.Syscalls.Single(s => s.Name == "ioctl" && s.Arch == "x86_64").Arguments);
        Assert.Equal(
            [0x7f000000UL, 0x7f000001UL, 0x7f000002UL],
            request.Values.Where(v => v.Value >= 0x7f000000).Select(v => v.Value).Order());
    }

    private static string[] Texts(Container container, string syscall, string arch, string argument) =>
        [.. container.Syscalls.Single(s => s.Name == syscall && s.Arch == arch).Arguments.Single(a => a.Name == argument).Values
            .OrderBy(v => Order(v.Text)).Select(v => v.Text)];

    // The order the helper makes them in, so a failure reads as a diff of the helper's own list.
    private static int Order(string text) => Array.IndexOf(
        ["AF_INET", "AF_UNIX", "AF_NETLINK", "AF_ALG", "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_SEQPACKET"], text);
}
