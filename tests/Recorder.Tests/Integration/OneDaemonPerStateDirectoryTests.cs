using System.Globalization;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Profiles;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// One daemon per state directory (issue 12): a second daemon on other sockets but the same directory once started and,
/// with a short retention, deleted the first one's recordings. Real daemons, real runc containers; the lock is read from
/// outside (<see cref="StateLockProbe"/>).
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class OneDaemonPerStateDirectoryTests
{
    private static readonly string[] s_archs = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"];
    private readonly RuncEnvironment _env;

    public OneDaemonPerStateDirectoryTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task Start_SecondDaemonOnTheSameStateDirectory_ExitsOneNamingTheHolderAndFirstKeepsItsRecordings()
    {
        string dir = NewDirectory("it-lock-second");
        string stateDir = Path.Combine(dir, "state");
        string[] ids = ["it-lock-second-a", "it-lock-second-b", "it-lock-second-c"];
        DaemonProcess first = await DaemonProcess.StartAsync(dir);
        await using DaemonProcessGuard guard = new(first);
        for (int i = 0; i < ids.Length; i++)
        {
            await RunAsync(first.ListenerPath, ids[i], 3 + i);
            await first.WaitForContainerExitAsync(ids[i]);
        }

        // Older than the second daemon's retention: without the lock its first sweep deletes them from the database.
        await Task.Delay(TimeSpan.FromSeconds(2));
        string otherDir = Path.Combine(dir, "other");
        await using DaemonProcess second = DaemonProcess.LaunchWith(
            otherDir,
            ["--listener", Path.Combine(otherDir, "listener.sock"), "--api", Path.Combine(otherDir, "api.sock"),
             "--state-dir", stateDir, "--retention", "1s", "--log-level", "Debug"],
            new Dictionary<string, string>());
        int exitCode = await second.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal(
            [StateLockProbe.RefusalLine(stateDir, first.Pid)],
            second.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("seccomp-recorder: ", StringComparison.Ordinal)));
        Assert.DoesNotContain("Loaded", second.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(otherDir, "listener.sock")), second.Output);
        Assert.Equal(first.Pid, StateLockProbe.Pid(StateLockProbe.PathIn(dir)));

        // Intact in the first daemon and, after a clean stop, in the database the next daemon loads.
        await AssertRecordedAsync(first, ids);
        Assert.Equal(0, await first.StopAsync());
        await using DaemonProcess next = await DaemonProcess.StartAsync(dir);
        await AssertRecordedAsync(next, ids);
        Assert.Equal(next.Pid, StateLockProbe.Pid(StateLockProbe.PathIn(dir)));
    }

    [Fact]
    public async Task Start_LockFileLeftByAKilledDaemon_DoesNotBlock()
    {
        const string id = "it-lock-stale";
        string dir = NewDirectory(id);
        string lockFile = StateLockProbe.PathIn(dir);
        await using (DaemonProcess killed = await DaemonProcess.StartAsync(dir))
        {
            await RunAsync(killed.ListenerPath, id, 5);
            await killed.WaitForContainerExitAsync(id);
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // one flush after the exit
            await killed.KillAsync();
            Assert.Equal(killed.Pid, StateLockProbe.Pid(lockFile));
        }

        // The file is still there and names the dead daemon; the kernel released its lock with its last fd.
        Assert.False(StateLockProbe.IsHeld(lockFile));
        await using DaemonProcess next = await DaemonProcess.StartAsync(dir);

        Assert.Equal(next.Pid, StateLockProbe.Pid(lockFile));
        Assert.True(StateLockProbe.IsHeld(lockFile));
        Assert.Equal(5UL, (await next.WaitForContainerExitAsync(id)).Notifications);
    }

    [Fact]
    public async Task Takeover_LockMovesToTheSuccessor_ADaemonStartedAfterIsRefusedNamingIt()
    {
        const string id = "it-lock-takeover";
        string dir = NewDirectory(id);
        string lockFile = StateLockProbe.PathIn(dir);
        DaemonProcess first = await DaemonProcess.StartAsync(dir);
        await using DaemonProcessGuard guard = new(first);
        await RunAsync(first.ListenerPath, id, 6);
        await first.WaitForContainerExitAsync(id);

        await using DaemonProcess successor = DaemonProcess.Launch(dir, "--takeover");
        Assert.Equal(0, await first.WaitForExitAsync());
        await successor.WaitUntilServingAsync();

        Assert.Contains("Holding the state directory's lock " + lockFile + ", handed over by the previous daemon", successor.Output, StringComparison.Ordinal);
        Assert.Equal(successor.Pid, StateLockProbe.Pid(lockFile));
        Assert.True(StateLockProbe.IsOpenIn(successor.Pid, lockFile));
        Assert.True(StateLockProbe.IsHeld(lockFile));
        Assert.Equal(6UL, (await successor.WaitForContainerExitAsync(id)).Notifications);
        await AssertRefusedAsync(dir, successor.Pid);
    }

    [Fact]
    public async Task FdStore_RestartThenCrash_StoreHoldsTheLockAcrossTheRestartAndEachNewDaemonHoldsItAfter()
    {
        const string id = "it-lock-fdstore";
        string dir = NewDirectory(id);
        string lockFile = StateLockProbe.PathIn(dir);
        await using FakeSystemd systemd = FakeSystemd.Start(dir, "--fd-store");
        int firstPid = ReadyPid((await systemd.WaitForAsync("READY ")).Match);
        await RunAsync(systemd.ListenerPath, id, 4);
        await systemd.WaitForContainerExitAsync(id);
        Assert.Equal(firstPid, StateLockProbe.Pid(lockFile));

        await systemd.SendAsync("restart");
        (_, IReadOnlyList<string> stopping) = await systemd.WaitForAsync("EXITED ");
        (string ready, IReadOnlyList<string> starting) = await systemd.WaitForAsync("READY ");
        int restartedPid = ReadyPid(ready);

        // On a clean stop the lock goes into the store with the other fds; the next start takes it out again.
        Assert.Contains("STORED state-dir-lock", stopping);
        Assert.Contains("REMOVED state-dir-lock", starting);
        Assert.Equal(restartedPid, StateLockProbe.Pid(lockFile));
        Assert.True(StateLockProbe.IsOpenIn(restartedPid, lockFile));
        Assert.True(StateLockProbe.IsHeld(lockFile));

        // A crash: the lock is not in the store while the daemon runs, so the kernel releases it and the restarted
        // daemon locks the directory afresh.
        await systemd.SendAsync("crash");
        await systemd.WaitForAsync("EXITED ");
        int afterCrashPid = ReadyPid((await systemd.WaitForAsync("READY ")).Match);

        Assert.Equal(afterCrashPid, StateLockProbe.Pid(lockFile));
        Assert.True(StateLockProbe.IsOpenIn(afterCrashPid, lockFile));
        Assert.Equal(2, Occurrences(systemd.Log, "Holding the state directory's lock " + lockFile + ": no other daemon can use it"));
        Assert.Equal(1, Occurrences(systemd.Log, "Holding the state directory's lock " + lockFile + ", handed over by the previous daemon"));
        Assert.Equal(4UL, (await systemd.WaitForContainerExitAsync(id)).Notifications);
        await AssertRefusedAsync(dir, afterCrashPid);
    }

    /// <summary>A daemon on other sockets but the state directory of <paramref name="dir"/> exits 1 naming <paramref name="holder"/>.</summary>
    private static async Task AssertRefusedAsync(string dir, int holder)
    {
        string otherDir = Path.Combine(dir, "other");
        string stateDir = Path.Combine(dir, "state");
        await using DaemonProcess other = DaemonProcess.LaunchWith(
            otherDir,
            ["--listener", Path.Combine(otherDir, "listener.sock"), "--api", Path.Combine(otherDir, "api.sock"), "--state-dir", stateDir],
            new Dictionary<string, string>());

        Assert.Equal(1, await other.WaitForExitAsync());
        Assert.Contains(StateLockProbe.RefusalLine(stateDir, holder), other.Output, StringComparison.Ordinal);
    }

    private static async Task AssertRecordedAsync(DaemonProcess daemon, string[] ids)
    {
        using RecorderClient client = daemon.Client();
        IReadOnlyList<Container> containers = await client.ListContainersAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(
            ids.Select((id, i) => (id, (ulong)(3 + i))),
            containers.Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => (c.Id, c.Notifications)));
    }

    private static int ReadyPid(string readyEvent) => int.Parse(readyEvent["READY ".Length..], NumberStyles.None, CultureInfo.InvariantCulture);

    private static int Occurrences(string text, string what) => text.Split(what).Length - 1;

    private async Task RunAsync(string listenerPath, string id, int calls)
    {
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/sysloop", "getppid", calls.ToString(CultureInfo.InvariantCulture)], SeccompProfileJson.Notify(listenerPath, string.Empty, s_archs, ["getppid"]));
        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
        Assert.True(run.Succeeded, run.ToString());
    }

    private string NewDirectory(string name) => Path.Combine(_env.TempDir, "daemons", name);
}
