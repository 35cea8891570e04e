using System.Diagnostics;
using System.Text.Json.Nodes;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Profiles;
using Xunit;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>
/// What every runtime must give the daemon, checked with real containers of each (one derived class per runtime, so
/// that `--filter FullyQualifiedName~Crun` picks crun's): an exact count, an exec added to its container, a stop.
/// geteuid is the notified call: busybox's sh and the runtimes' own code after loading the filter never make it
/// (runc's init makes getpid and, without noNewPrivileges as under Podman, getppid), so every count is the workload's.
/// </summary>
[Trait(TestTraits.Requires, TestTraits.Root)]
public abstract class RuntimeContractTests
{
    private static readonly string[] s_archs = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"];

    private protected RuntimeContractTests(RuntimesEnvironment env, string runtime)
    {
        Env = env;
        Runtime = env.Get(runtime);
    }

    private protected RuntimesEnvironment Env { get; }

    private protected IContainerRuntime Runtime { get; }

    [Fact]
    public async Task Run_GeteuidLoop_CountsEveryCallExactly()
    {
        RuntimeRun run = await Runtime.RunAsync(NameFor("exact"), ["/sysloop", "geteuid", "1000"], Profile("policy=record;team=it", "geteuid"));

        Assert.True(run.Result.Succeeded, run.Result.ToString());
        Assert.Contains("ok=1000 errors=0", run.Result.StandardOutput, StringComparison.Ordinal);
        Container container = await Env.Daemon.WaitForContainerExitAsync(run.Id);
        Syscall syscall = Assert.Single(container.Syscalls);
        Assert.Equal(("geteuid", "x86_64", 107L, 1000UL), (syscall.Name, syscall.Arch, syscall.Nr, syscall.Count));
        Assert.Equal(1000UL, container.Notifications);
        Assert.Equal((1U, 0U), (container.ListenersTotal, container.ListenersOpen));
        Assert.Equal(("policy=record;team=it", Runtime.OciVersion), (container.Metadata, container.OciVersion));
        Assert.Equal(Runtime.BundleOf(run.Id), container.Bundle);
        Assert.Equal(Runtime.RuntimeNamespace, container.RuntimeNamespace);
        Assert.True(container.InitPid > 0, $"init pid {container.InitPid}");
    }

    /// <summary>
    /// The same name run again, first recorded, then under a stop profile: a new run whose policy is evaluated again
    /// (the forbidden call is stopped), while the first run stays as it was. crun and ctr reuse the name as the id;
    /// Podman makes a new id each time, so there it is two containers, each run 1.
    /// </summary>
    [Fact]
    public async Task Rerun_SameNameUnderAStopProfile_NewRunWithItsOwnPolicyAndTheFirstKept()
    {
        string name = NameFor("rerun");
        RuntimeRun first = await Runtime.RunAsync(name, ["/sysloop", "geteuid", "3"], Profile("policy=record", "geteuid"));
        Assert.True(first.Result.Succeeded, first.Result.ToString());
        Container firstRun = await Env.Daemon.WaitForContainerExitAsync(first.Id);

        RuntimeRun second = await Runtime.RunAsync(name, ["/bin/sh", "-c", "/sysloop chroot 1; exec /bin/sleep 60"], Profile("policy=stop;grace=1s", "chroot"));

        Assert.True(second.Result.ExitCode == 137, $"the rerun was not stopped: {second.Result}");
        using RecorderClient client = Env.Daemon.Client();
        Container stopped = await Poll.UntilAsync(
            async ct => await client.GetContainerAsync(second.Id, ct) is { State: ContainerState.Exited, TerminationReason.Length: > 0 } c ? c : null,
            () => $"{second.Id} was stopped (log:\n{Env.Daemon.Output})");
        Container kept = await client.GetContainerAsync(first.Id, firstRun.Run, CancellationToken.None);
        uint expectedRun = first.Id == second.Id ? firstRun.Run + 1 : 1;
        Assert.Equal((expectedRun, PolicyMode.Stop, "seccomp killed"), (stopped.Run, stopped.Policy.Mode, stopped.TerminationReason));
        Assert.Equal(("policy=stop;grace=1s", 1UL), (stopped.Metadata, stopped.Violations));
        Assert.Equal((PolicyMode.Record, "policy=record", 3UL, string.Empty), (kept.Policy.Mode, kept.Metadata, kept.Notifications, kept.TerminationReason));
    }

    [Fact]
    public async Task Exec_IntoRunningContainer_AddsToTheSameContainer()
    {
        string name = NameFor("exec");
        string id = await Runtime.StartAsync(name, ["/bin/sh", "-c", "/sysloop geteuid 3; exec /bin/sleep 60"], Profile("policy=record", "geteuid"));
        int initPid;
        try
        {
            initPid = (await Env.Daemon.WaitForContainerAsync(id, c => c.Notifications == 3, "has the init's 3 notifications")).InitPid;
            ProcessResult exec = await Runtime.ExecAsync(name, ["/sysloop", "geteuid", "7"]);

            Assert.True(exec.Succeeded, exec.ToString());
            Assert.Contains("ok=7 errors=0", exec.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            await Runtime.RemoveAsync(name);
        }

        Container container = await Env.Daemon.WaitForContainerExitAsync(id);
        Assert.Equal((2U, 0U), (container.ListenersTotal, container.ListenersOpen));
        Syscall syscall = Assert.Single(container.Syscalls);
        Assert.Equal(("geteuid", 10UL), (syscall.Name, syscall.Count));
        Assert.Equal(10UL, container.Notifications);

        // crun's exec says pid 0 and bundle ".": the init's stay.
        Assert.Equal((initPid, Runtime.BundleOf(id)), (container.InitPid, container.Bundle));
    }

    [Fact]
    public async Task Stop_Violations_KilledAfterTheGraceAndTheRuntimeSeesIt()
    {
        Stopwatch elapsed = Stopwatch.StartNew();

        RuntimeRun run = await Runtime.RunAsync(
            NameFor("stop"), ["/bin/sh", "-c", "/sysloop chroot 2; exec /bin/sleep 60"], Profile("policy=stop;grace=1s", "chroot"));

        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(25), $"the container ran {elapsed.Elapsed}: it was not stopped");
        Assert.True(run.Result.ExitCode == 137, $"the runtime did not report a SIGKILL (128 + 9): {run.Result}");
        Container container = await Env.Daemon.WaitForContainerExitAsync(run.Id);
        Assert.Equal(("seccomp killed", "Used forbidden syscalls: chroot (2x)"), (container.TerminationReason, container.TerminationMessage));
        Assert.Equal((2UL, PolicyMode.Stop), (container.Violations, container.Policy.Mode));
        TimeSpan afterLast = container.TerminatedAt.ToDateTimeOffset() - container.Syscalls.Max(s => s.LastSeen.ToDateTimeOffset());
        Assert.InRange(afterLast, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6));
    }

    /// <summary>A container name unique to this runtime and test (ctr and Podman accept it as it is).</summary>
    private protected string NameFor(string test) => $"it-{Runtime.Name.Replace('+', '-')}-{test}";

    /// <summary>ALLOW by default, NOTIFY for <paramref name="notify"/>, the daemon's listener.</summary>
    private protected JsonObject Profile(string metadata, params string[] notify) =>
        SeccompProfileJson.Notify(Env.Daemon.ListenerPath, metadata, s_archs, notify);
}
