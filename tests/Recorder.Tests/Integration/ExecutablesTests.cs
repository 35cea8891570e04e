using System.Text.Json.Nodes;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Profiles;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>Real runc containers whose programs make different calls: README "Executables".</summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class ExecutablesTests
{
    private static readonly string[] s_x86_64 = ["SCMP_ARCH_X86_64"];
    private static readonly string[] s_notified = ["getppid", "uname", "socket", "execve", "exit_group"];
    private readonly RuncEnvironment _env;

    public ExecutablesTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task Run_TwoStaticBinariesInOneProcess_EachHasItsOwnCalls()
    {
        // runc's init execs /execchain (getppid x3, uname, execve), which execs /argcalls (sockets) in the same process:
        // one pid, one start time, three executables.
        const string id = "it-exe-chain";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/execchain", "3", "/argcalls", "sockets"], SeccompProfileJson.Notify(_env.Daemon.ListenerPath, string.Empty, s_x86_64, s_notified));

        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);

        Assert.True(run.Succeeded, run.ToString());
        Container container = await _env.WaitForExitAsync(id);
        Dictionary<string, ulong> chain = Calls(container, "/execchain");
        Dictionary<string, ulong> argcalls = Calls(container, "/argcalls");
        Assert.Equal(new Dictionary<string, ulong> { ["getppid"] = 3, ["uname"] = 1, ["execve"] = 1 }, chain);
        Assert.Equal(new Dictionary<string, ulong> { ["socket"] = 4, ["exit_group"] = 1 }, argcalls);
        // runc's own init made the execve of /execchain; its exe link reads "/" (a detached bind mount of runc's binary),
        // so it is named by its comm, runc:[2:INIT].
        Executable runc = Assert.Single(container.Executables, e => !e.Path.EndsWith("/execchain", StringComparison.Ordinal) && !e.Path.EndsWith("/argcalls", StringComparison.Ordinal));
        Assert.StartsWith("comm:runc", runc.Path, StringComparison.Ordinal);
        Assert.Contains(runc.Syscalls, s => s.Name == "execve");
        Assert.DoesNotContain(runc.Syscalls, s => s.Name is "socket" or "uname");
        Assert.Equal(container.Notifications, container.Executables.Aggregate(0UL, (sum, e) => sum + e.Count));
        Assert.False(container.ExecutablesTruncated);

        ProcessResult json = await ProcessRunner.RunAsync(
            RepoPaths.RecorderExecutable, ["show", id, "--api", _env.Daemon.ApiPath, "--output", "json"], TestTimeouts.Default, CancellationToken.None);
        Assert.True(json.Succeeded, json.ToString());
        JsonNode shown = JsonNode.Parse(json.StandardOutput)!["executables"]!.AsArray()
            .Single(e => ((string?)e!["path"])!.EndsWith("/argcalls", StringComparison.Ordinal))!;
        Assert.Contains(shown["syscalls"]!.AsArray(), s => (string?)s!["name"] == "socket" && (ulong?)s["count"] == 4);

        ProcessResult table = await ProcessRunner.RunAsync(
            RepoPaths.RecorderExecutable, ["show", id, "--api", _env.Daemon.ApiPath, "--executables", "1"], TestTimeouts.Default, CancellationToken.None);
        Assert.True(table.Succeeded, table.ToString());
        Assert.Matches(@"(?m)^\S*/argcalls\s+socket\s+x86_64\s+4\s+0\s*$", table.StandardOutput);
        Assert.DoesNotMatch(@"(?m)^\S*/execchain\s", table.StandardOutput);
        Assert.Contains("(more executables than shown", table.StandardOutput, StringComparison.Ordinal);

        // Beside exported profiles: on stderr for OCI (the JSON object stays a runtime's), in comments for SPO.
        ProcessResult oci = await ProcessRunner.RunAsync(
            RepoPaths.RecorderExecutable, ["profile", "export", id, "--api", _env.Daemon.ApiPath], TestTimeouts.Default, CancellationToken.None);
        Assert.True(oci.Succeeded, oci.ToString());
        Assert.Matches(@"(?m)^executable: \S*/argcalls: \d+ calls: socket \(4\), exit_group \(1\)$", oci.StandardError);
        Assert.DoesNotContain("argcalls", oci.StandardOutput, StringComparison.Ordinal);
        Assert.NotNull(JsonNode.Parse(oci.StandardOutput)!["syscalls"]);
        ProcessResult spo = await ProcessRunner.RunAsync(
            RepoPaths.RecorderExecutable, ["profile", "export", id, "--format", "spo", "--api", _env.Daemon.ApiPath], TestTimeouts.Default, CancellationToken.None);
        Assert.True(spo.Succeeded, spo.ToString());
        Assert.Matches(@"(?m)^# executable: \S*/execchain: 5 calls: getppid \(3\), execve \(1\), uname \(1\)$", spo.StandardOutput);
        Assert.DoesNotContain("executable:", spo.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Takeover_AfterOneBinary_SuccessorHasItsCallsAndAddsTheNext()
    {
        const string id = "it-exe-takeover";
        string dir = Path.Combine(_env.TempDir, "daemons", id);
        DaemonProcess first = await DaemonProcess.StartAsync(dir);
        await using DaemonProcessGuard guard = new(first);
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(
            ["/bin/sh", "-c", "/execchain 2 /bin/sleep 3; /argcalls sockets"],
            SeccompProfileJson.Notify(first.ListenerPath, string.Empty, s_x86_64, s_notified));
        Task<ProcessResult> run = _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
        using (RecorderClient client = first.Client())
        {
            await Poll.UntilAsync(
                async ct => (await client.ListContainersAsync(ct)).Any(c => c.Id == id)
                    && await client.GetContainerAsync(id, ct) is { } c && c.Executables.Any(e => e.Path.EndsWith("/execchain", StringComparison.Ordinal) && e.Count == 4) ? c : null,
                () => $"container {id} ran /execchain (daemon log:\n{first.Output})");
        }

        await using DaemonProcess second = DaemonProcess.Launch(dir, "--takeover");
        await first.WaitForExitAsync();
        await second.WaitUntilServingAsync();
        ProcessResult result = await run;
        Container after = await second.WaitForContainerExitAsync(id);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(new Dictionary<string, ulong> { ["getppid"] = 2, ["uname"] = 1, ["execve"] = 1 }, Calls(after, "/execchain"));
        Assert.Equal(4UL, Calls(after, "/argcalls")["socket"]);
    }

    private static Dictionary<string, ulong> Calls(Container container, string pathEnd) =>
        Assert.Single(container.Executables, e => e.Path.EndsWith(pathEnd, StringComparison.Ordinal)).Syscalls.ToDictionary(s => s.Name, s => s.Count);
}
