using SeccompRecorder.Demo;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Integration;
using SeccompRecorder.Tests.Metrics;
using Xunit;

namespace SeccompRecorder.Tests.Deploy;

/// <summary>
/// The unit's MemoryDenyWriteExecute=yes (issue 17), on a machine whose init is not systemd: tests/helpers/mdwe puts
/// the daemon under what systemd does for it (252's seccomp filter and the kernel's PR_SET_MDWE), and the binary
/// that ships must record a runc container there. A JIT cannot run so: the JIT apphost is checked to fail.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class MemoryDenyWriteExecuteTests
{
    private readonly RuncEnvironment _env;

    public MemoryDenyWriteExecuteTests(RuncEnvironment env) => _env = env;

    private string Mdwe => Path.Combine(_env.HelpersDir, "mdwe");

    [Fact]
    public async Task ShippedBinary_UnderMemoryDenyWriteExecute_RecordsAContainerAndAnswersTheCli()
    {
        // The unit runs the native binary; the JIT one is the other test's. `make test` sets RECORDER_BINARY.
        Assert.True(RepoPaths.RecorderExecutable != RepoPaths.JitApphost, $"set {RepoPaths.RecorderBinaryVariable} to the native binary (make test does)");
        string directory = Directory.CreateDirectory(Path.Combine(_env.TempDir, "mdwe", "native")).FullName;
        Dictionary<string, string> exec = new() { ["MDWE_EXEC"] = RepoPaths.RecorderExecutable };
        await using DaemonProcess daemon = await DaemonProcess.StartWrappedAsync(Mdwe, exec, directory);

        await SysloopContainer.RunAsync(_env, daemon, "mdwe-native", "policy=record", 300);

        using RecorderClient client = daemon.Client();
        Api.V1.Container container = await client.GetContainerAsync("mdwe-native", CancellationToken.None);
        Assert.Equal(300UL, container.Syscalls.Single(s => s.Name == "getppid").Count);
        ProcessResult ls = await ProcessRunner.RunAsync(
            "/usr/bin/env", ["MDWE_EXEC=" + RepoPaths.RecorderExecutable, Mdwe, "ls", "--api", daemon.ApiPath], TestTimeouts.Default, CancellationToken.None);
        Assert.True(ls.Succeeded && ls.StandardOutput.Contains("mdwe-native", StringComparison.Ordinal), ls.ToString());
    }

    [Fact]
    public async Task JitApphost_UnderMemoryDenyWriteExecute_CannotStart()
    {
        ProcessResult version = await ProcessRunner.RunAsync(
            "/usr/bin/env", ["MDWE_EXEC=" + RepoPaths.JitApphost, Mdwe, "--version"], TestTimeouts.Default, CancellationToken.None);

        // Why the unit could not set it before: the JIT's code pages are refused (the runtime dies with SIGSEGV here).
        Assert.False(version.Succeeded, version.ToString());
    }
}
