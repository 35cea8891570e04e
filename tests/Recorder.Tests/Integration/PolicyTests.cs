using System.Diagnostics;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Profiles;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>log and stop with real runc containers: the errno they get, and CRI-O's grace window before the kill.</summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class PolicyTests
{
    private static readonly string[] s_archs = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"];
    private static readonly string[] s_forbidden = ["chroot", "swapoff"];
    private readonly RuncEnvironment _env;

    public PolicyTests(RuncEnvironment env) => _env = env;

    [Theory]
    [InlineData("policy=log;errno=EPERM", 1)]
    [InlineData("policy=log", 38)]
    public async Task Log_ForbiddenCalls_FailWithTheErrnoAndTheContainerLives(string metadata, int errno)
    {
        string id = $"it-log-{errno}";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/sysloop", "chroot", "3"], SeccompProfileJson.Notify(_env.Daemon.ListenerPath, metadata, s_archs, s_forbidden));

        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);

        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains($"ok=0 errors=3 last_errno={errno}", run.StandardOutput, StringComparison.Ordinal);
        Container container = await _env.WaitForExitAsync(id);
        Assert.Equal((3UL, 3UL, 3UL), (container.Violations, container.Syscalls.Single().Count, container.Syscalls.Single().Denied));
        Assert.Equal((PolicyMode.Log, PolicySource.Metadata, errno), (container.Policy.Mode, container.Policy.ModeSource, container.Policy.Errno));
        Assert.Equal(string.Empty, container.TerminationReason);
    }

    [Fact]
    public async Task Stop_Violations_KilledGraceAfterTheLastWithCrioReasonAndMessage()
    {
        const string id = "it-stop";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(
            ["/bin/sh", "-c", "/sysloop chroot 2; /sysloop swapoff 2; exec /bin/sleep 60"],
            SeccompProfileJson.Notify(_env.Daemon.ListenerPath, "policy=stop;grace=1s", s_archs, s_forbidden));
        Stopwatch elapsed = Stopwatch.StartNew();

        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);

        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(20), $"the container ran {elapsed.Elapsed}: it was not stopped");
        Assert.Equal(137, run.ExitCode); // 128 + SIGKILL
        Container container = await _env.WaitForExitAsync(id);
        Assert.Equal("seccomp killed", container.TerminationReason);
        Assert.Equal("Used forbidden syscalls: chroot (2x), swapoff (2x)", container.TerminationMessage);
        DateTimeOffset lastViolation = container.Syscalls.Max(s => s.LastSeen.ToDateTimeOffset());
        TimeSpan afterLast = container.TerminatedAt.ToDateTimeOffset() - lastViolation;
        // Never before grace; after it, within the scan period plus what a loaded CI machine adds.
        Assert.InRange(afterLast, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6));
    }

    [Fact]
    public async Task Stop_CrioAnnotationAlone_SelectsStop()
    {
        const string id = "it-stop-annotation";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(
            ["/bin/sh", "-c", "/sysloop chroot 1; exec /bin/sleep 60"],
            SeccompProfileJson.Notify(_env.Daemon.ListenerPath, "grace=1s", s_archs, s_forbidden),
            new Dictionary<string, string> { ["io.kubernetes.cri-o.seccompNotifierAction"] = "stop" });

        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);

        Assert.Equal(137, run.ExitCode);
        Container container = await _env.WaitForExitAsync(id);
        Assert.Equal((PolicyMode.Stop, PolicySource.Annotation), (container.Policy.Mode, container.Policy.ModeSource));
        Assert.Equal(("seccomp killed", "Used forbidden syscalls: chroot (1x)"), (container.TerminationReason, container.TerminationMessage));
    }

    [Fact]
    public async Task Stop_ContainerExitsBeforeTheDeadline_NotKilled()
    {
        const string id = "it-stop-early-exit";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/sysloop", "chroot", "1"], SeccompProfileJson.Notify(_env.Daemon.ListenerPath, "policy=stop;grace=2s", s_archs, s_forbidden));

        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
        Container exited = await _env.WaitForExitAsync(id);
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.True(run.Succeeded, run.ToString());
        using RecorderClient client = _env.Daemon.Client();
        Container later = await client.GetContainerAsync(id).WaitAsync(TestTimeouts.Default);
        Assert.Equal((1UL, string.Empty), (exited.Violations, later.TerminationReason));
    }
}
