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
    public async Task Watch_UnknownId_ExitsWithNotFoundInsteadOfWaiting()
    {
        ProcessResult watch = await Cli("watch", "no-such-container", "--api", _env.Daemon.ApiPath);

        Assert.Equal(1, watch.ExitCode);
        Assert.Equal("seccomp-recorder: NOT_FOUND: container \"no-such-container\" not found\n", watch.StandardError);
    }

    [Fact]
    public async Task ExportOutputJson_UsageErrorExit2_NoHelpOnStdout()
    {
        ProcessResult export = await Cli("profile", "export", "no-such-container", "--output", "json", "--api", _env.Daemon.ApiPath);

        Assert.Equal(2, export.ExitCode);
        Assert.Equal(string.Empty, export.StandardOutput);
        Assert.Contains("'--output'", export.StandardError, StringComparison.Ordinal);
        Assert.EndsWith("Run 'seccomp-recorder profile export --help' for usage.\n", export.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, export.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Ls_ApiAtTheListenerSocket_SaysItIsNotGrpcAndWhereTheApiIs()
    {
        ProcessResult ls = await Cli("ls", "--api", _env.Daemon.ListenerPath);

        Assert.Equal(1, ls.ExitCode);
        Assert.StartsWith($"seccomp-recorder: {_env.Daemon.ListenerPath} is not a gRPC endpoint (no HTTP/2 answer): "
            + "is --api pointing at the runtime listener socket", ls.StandardError, StringComparison.Ordinal);
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
