using SeccompRecorder.Demo;
using SeccompRecorder.Profiles;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>The command-line client as a user runs it: the real binary against the real daemon.</summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class CliAgainstDaemonTests
{
    private readonly RuncEnvironment _env;

    public CliAgainstDaemonTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task ShowAndLs_RecordedContainer_PrintTheCounts()
    {
        const string id = "it-cli";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/sysloop", "getppid", "42"], SeccompProfileJson.Notify(_env.Daemon.ListenerPath, string.Empty, ["SCMP_ARCH_X86_64"], ["getppid"]));
        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
        Assert.True(run.Succeeded, run.ToString());

        ProcessResult show = await Cli("show", id, "--api", _env.Daemon.ApiPath);
        ProcessResult json = await Cli("show", id, "--api", _env.Daemon.ApiPath, "--output", "json");
        ProcessResult ls = await Cli("ls", "--api", _env.Daemon.ApiPath);

        Assert.True(show.Succeeded, show.ToString());
        Assert.Matches(@"(?m)^getppid\s+x86_64\s+110\s+42\s", show.StandardOutput);
        Assert.Contains("\"count\": 42", json.StandardOutput, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^{id}\s", ls.StandardOutput);
    }

    [Fact]
    public async Task Show_UnknownId_FailsWithNotFound()
    {
        ProcessResult show = await Cli("show", "no-such-container", "--api", _env.Daemon.ApiPath);

        Assert.Equal(1, show.ExitCode);
        Assert.Contains("container \"no-such-container\" not found", show.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_NoDaemon_SaysItIsNotRunning()
    {
        ProcessResult ls = await Cli("ls", "--api", Path.Combine(_env.TempDir, "nothing-here.sock"));

        Assert.Equal(1, ls.ExitCode);
        Assert.Contains("is the daemon running?", ls.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_OnThisMachine_RecordsTheBusyboxWorkload()
    {
        ProcessResult demo = await Cli("demo");

        Assert.True(demo.Succeeded, demo.ToString());
        Assert.Contains("hello from a recorded container", demo.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^execve\s+x86_64\s+59\s", demo.StandardOutput);
        Assert.Matches(@"(?m)^mkdir\s+x86_64\s+83\s", demo.StandardOutput);
    }

    private static Task<ProcessResult> Cli(params string[] args) =>
        ProcessRunner.RunAsync(RepoPaths.RecorderExecutable, args, TestTimeouts.Default, CancellationToken.None);
}
