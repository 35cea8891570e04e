using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Grpc;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Profiles;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// Recordings across daemon restarts, with real runc containers and daemons of their own (own sockets and state dir),
/// started, stopped and killed by each test.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class PersistenceTests
{
    private static readonly string[] s_archs = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"];
    private readonly RuncEnvironment _env;

    public PersistenceTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task Restart_AfterSigterm_SameCountsAndPolicy()
    {
        const string id = "it-persist-term";
        string dir = Path.Combine(_env.TempDir, "daemons", id);
        Container before;
        await using (DaemonProcess first = await DaemonProcess.StartAsync(dir))
        {
            await RunAsync(first, id, "policy=log;errno=EPERM", 321);
            before = await first.WaitForContainerExitAsync(id);
            Assert.Equal(0, await first.StopAsync());
        }

        await using DaemonProcess second = await DaemonProcess.StartAsync(dir);
        Container after = await GetAsync(second, id);

        Assert.Equal(("getppid", 321UL, 321UL), (after.Syscalls.Single().Name, after.Syscalls.Single().Count, after.Syscalls.Single().Denied));
        Assert.Equal((321UL, 321UL, ContainerState.Exited), (after.Notifications, after.Violations, after.State));
        Assert.Equal(before.Policy, after.Policy);
        Assert.Equal((before.Bundle, before.Metadata, before.InitPid), (after.Bundle, after.Metadata, after.InitPid));
    }

    [Fact]
    public async Task Restart_AfterSigkill_KeepsWhatWasOlderThanASecond()
    {
        const string id = "it-persist-kill";
        string dir = Path.Combine(_env.TempDir, "daemons", id);
        await using (DaemonProcess first = await DaemonProcess.StartAsync(dir))
        {
            await RunAsync(first, id, "policy=record", 500);
            await first.WaitForContainerExitAsync(id);
            // The flusher writes every second: 1.5 s covers one full flush after the last change.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await first.KillAsync();
        }

        await using DaemonProcess second = await DaemonProcess.StartAsync(dir);
        Container after = await GetAsync(second, id);

        Assert.Equal((500UL, 500UL), (after.Notifications, after.Syscalls.Single().Count));
    }

    [Fact]
    public async Task Exec_AfterRestart_ContinuesTheContainersCounts()
    {
        const string id = "it-persist-exec";
        string dir = Path.Combine(_env.TempDir, "daemons", id);
        DaemonProcess first = await DaemonProcess.StartAsync(dir);
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/bin/sleep", "60"], SeccompProfileJson.Notify(first.ListenerPath, string.Empty, s_archs, ["getppid"]));
        await _env.Runc.StartDetachedAsync(bundle.Directory, id, Path.Combine(bundle.Directory, "container.log"), CancellationToken.None);
        try
        {
            await using (first)
            {
                ProcessResult five = await _env.Runc.ExecAsync(id, ["/sysloop", "getppid", "5"], TestTimeouts.Default, CancellationToken.None);
                Assert.True(five.Succeeded, five.ToString());
                // The sleeping init's notify fd closes with this daemon: its later notified calls would get ENOSYS.
                Assert.Equal(0, await first.StopAsync());
            }

            await using DaemonProcess second = await DaemonProcess.StartAsync(dir);
            ProcessResult seven = await _env.Runc.ExecAsync(id, ["/sysloop", "getppid", "7"], TestTimeouts.Default, CancellationToken.None);
            Assert.True(seven.Succeeded, seven.ToString());

            Container after = await GetAsync(second, id);
            Assert.Equal(12UL, after.Syscalls.Single().Count);
            // init and the first exec under the first daemon, the second exec under this one (which has hung up again).
            Assert.Equal((3U, 12UL), (after.ListenersTotal, after.Notifications));
        }
        finally
        {
            await _env.Runc.KillAsync(id, "KILL", CancellationToken.None);
            await DeleteWhenStoppedAsync(id);
        }
    }

    [Fact]
    public async Task Rm_ExitedContainer_GoneNowAndAfterRestart()
    {
        const string id = "it-persist-rm";
        string dir = Path.Combine(_env.TempDir, "daemons", id);
        await using (DaemonProcess first = await DaemonProcess.StartAsync(dir))
        {
            await RunAsync(first, id, string.Empty, 3);
            await first.WaitForContainerExitAsync(id);

            ProcessResult rm = await Cli("rm", id, "--api", first.ApiPath);
            ProcessResult again = await Cli("rm", id, "--api", first.ApiPath);
            ProcessResult ls = await Cli("ls", "--api", first.ApiPath);

            Assert.True(rm.Succeeded, rm.ToString());
            Assert.Equal((1, $"seccomp-recorder: container \"{id}\" not found\n"), (again.ExitCode, again.StandardError));
            Assert.DoesNotMatch($@"(?m)^{id}\s", ls.StandardOutput);
            Assert.Equal(0, await first.StopAsync());
        }

        await using DaemonProcess second = await DaemonProcess.StartAsync(dir);
        ProcessResult lsAfter = await Cli("ls", "--api", second.ApiPath);
        Assert.True(lsAfter.Succeeded, lsAfter.ToString());
        Assert.DoesNotMatch($@"(?m)^{id}\s", lsAfter.StandardOutput);
    }

    [Fact]
    public async Task Rm_RunningContainer_FailsAndKeepsIt()
    {
        const string id = "it-persist-rm-running";
        string dir = Path.Combine(_env.TempDir, "daemons", id);
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(dir);
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/bin/sleep", "60"], SeccompProfileJson.Notify(daemon.ListenerPath, string.Empty, s_archs, ["getppid"]));
        await _env.Runc.StartDetachedAsync(bundle.Directory, id, Path.Combine(bundle.Directory, "container.log"), CancellationToken.None);
        try
        {
            ProcessResult rm = await Cli("rm", id, "--api", daemon.ApiPath);

            Assert.Equal((1, $"seccomp-recorder: container \"{id}\" is running\n"), (rm.ExitCode, rm.StandardError));
            Assert.Equal(ContainerState.Running, (await GetAsync(daemon, id)).State);
        }
        finally
        {
            await _env.Runc.KillAsync(id, "KILL", CancellationToken.None);
            await DeleteWhenStoppedAsync(id);
        }
    }

    [Fact]
    public async Task Start_CorruptDatabase_MovedAsideAndServes()
    {
        string dir = Path.Combine(_env.TempDir, "daemons", "it-persist-corrupt");
        string state = Path.Combine(dir, "state");
        Directory.CreateDirectory(state);
        await File.WriteAllTextAsync(Path.Combine(state, "recordings.db"), "this is not an SQLite database, it is text");

        await using DaemonProcess daemon = (await DaemonProcess.StartAsync(dir)).AllowErrors("cannot be used (SQLite Error 26");
        using RecorderClient client = daemon.Client();
        using CancellationTokenSource deadline = new(TestTimeouts.Default);
        IReadOnlyList<Container> list = await client.ListContainersAsync(deadline.Token);

        Assert.Empty(list);
        Assert.Single(Directory.GetFiles(state, "recordings.db.corrupt-*"), f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal));
        Assert.Contains("cannot be used", daemon.Output, StringComparison.Ordinal);
    }

    private static Task<ProcessResult> Cli(params string[] args) =>
        ProcessRunner.RunAsync(RepoPaths.RecorderExecutable, args, TestTimeouts.Default, CancellationToken.None);

    private async Task DeleteWhenStoppedAsync(string id)
    {
        // runc delete fails while the killed init is still being reaped.
        using CancellationTokenSource deadline = new(TestTimeouts.Default);
        while (!(await _env.Runc.DeleteAsync(id, deadline.Token)).Succeeded)
        {
            await Task.Delay(100, deadline.Token);
        }
    }

    private async Task RunAsync(DaemonProcess daemon, string id, string metadata, int calls)
    {
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/sysloop", "getppid", calls.ToString(System.Globalization.CultureInfo.InvariantCulture)], SeccompProfileJson.Notify(daemon.ListenerPath, metadata, s_archs, ["getppid"]));
        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
        Assert.True(run.Succeeded, run.ToString());
    }

    private static async Task<Container> GetAsync(DaemonProcess daemon, string id)
    {
        using RecorderClient client = daemon.Client();
        using CancellationTokenSource deadline = new(TestTimeouts.Default);
        return await client.GetContainerAsync(id, deadline.Token);
    }

}
