using System.Globalization;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Profiles;
using SeccompRecorder.Tests.Grpc;
using Xunit;
using Xunit.Abstractions;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// <c>systemctl restart</c> with <c>--fd-store</c>: the stopping daemon stores its listener socket, notify fds and state
/// in the service manager, the next start takes them back. A container calling throughout sees no ENOSYS.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class FdStoreTests
{
    private static readonly string[] s_archs = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"];
    private readonly RuncEnvironment _env;
    private readonly ITestOutputHelper _output;

    public FdStoreTests(RuncEnvironment env, ITestOutputHelper output)
    {
        _env = env;
        _output = output;
    }

    [Fact]
    public async Task Restart_WithFdStore_ContainerCallsThroughAndEveryCallCounted()
    {
        const string id = "it-fdstore";
        const int calls = 1_000_000;
        await using FakeSystemd systemd = FakeSystemd.Start(Path.Combine(_env.TempDir, "daemons", id), "--fd-store");
        (string firstReady, _) = await systemd.WaitForAsync("READY ");
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/sysloop", "getppid", calls.ToString(CultureInfo.InvariantCulture)], SeccompProfileJson.Notify(systemd.ListenerPath, string.Empty, s_archs, ["getppid"]));
        Task<ProcessResult> run = _env.Runc.RunAsync(bundle.Directory, id, TimeSpan.FromMinutes(3), CancellationToken.None);
        using (RecorderClient client = systemd.Client())
        {
            await Poll.UntilAsync(
                async ct => run.IsCompleted
                    ? throw new InvalidOperationException($"the container ended before the restart: {await run}")
                    : (await client.ListContainersAsync(ct)).FirstOrDefault(c => c.Id == id && c.Notifications >= 20_000),
                () => $"container {id} is calling (events:\n{systemd.Events}\nlog:\n{systemd.Log})");
        }

        await systemd.SendAsync("restart");
        (string exited, IReadOnlyList<string> stopping) = await systemd.WaitForAsync("EXITED ");
        (string secondReady, IReadOnlyList<string> starting) = await systemd.WaitForAsync("READY ");
        ProcessResult result = await run;
        Container after;
        using (RecorderClient client = systemd.Client())
        {
            after = await Poll.UntilAsync(
                async ct => await client.GetContainerAsync(id, ct) is { State: ContainerState.Exited } exited ? exited : null,
                () => $"container {id} has exited (log:\n{systemd.Log})");
        }

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains($"count={calls} ok={calls} errors=0", result.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith(" 0", exited, StringComparison.Ordinal);
        Assert.NotEqual(firstReady, secondReady);
        // What was stored: the state memfd, the init pidfd, the notify fd, the listener and the state directory's lock;
        // taken back and removed.
        // The journal's live-/meta- entries (each fd as it is served) are replaced by the hand-over set on a clean stop.
        string[] stored = [.. stopping.Where(e => e.StartsWith("STORED ", StringComparison.Ordinal)).Select(e => e["STORED ".Length..]).Where(n => !IsJournal(n))];
        // (The journal stored the listener at start, before READY; it is taken out with them and stored again below.)
        Assert.Equal(
            stopping.Where(e => e.StartsWith("STORED live-", StringComparison.Ordinal) || e.StartsWith("STORED meta-", StringComparison.Ordinal)).Select(e => e["STORED ".Length..]).Append("listener").Order(StringComparer.Ordinal),
            stopping.Where(e => e.StartsWith("REMOVED ", StringComparison.Ordinal)).Select(e => e["REMOVED ".Length..]).Where(n => !n.StartsWith("inflight-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Single(stopping, e => e.StartsWith("REMOVED inflight-", StringComparison.Ordinal));
        Assert.Equal(["state", "pidfd-0", "notify-0", "listener", "state-dir-lock"], stored);
        Assert.Equal(stored.Order(StringComparer.Ordinal), starting.Where(e => e.StartsWith("REMOVED ", StringComparison.Ordinal)).Select(e => e["REMOVED ".Length..]).Order(StringComparer.Ordinal));
        // The second daemon journals the fd it took over, so a crash of its own would not lose it either.
        Assert.Equal(2, starting.Count(e => e.StartsWith("STORED live-", StringComparison.Ordinal) || e.StartsWith("STORED meta-", StringComparison.Ordinal)));
        Assert.Contains("Took over 1 containers and 1 notify fds", systemd.Log, StringComparison.Ordinal);
        Assert.Equal(((ulong)calls, (ulong)calls, 1U), (after.Notifications, after.Syscalls.Single().Count, after.ListenersTotal));
    }

    [Fact]
    public async Task Crash_WithFdStore_ContainerCallsThroughAndCountingResumes()
    {
        const string id = "it-fdstore-crash";
        const int calls = 1_000_000;
        await using FakeSystemd systemd = FakeSystemd.Start(Path.Combine(_env.TempDir, "daemons", id), "--fd-store");
        await systemd.WaitForAsync("READY ");
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/sysloop", "getppid", calls.ToString(CultureInfo.InvariantCulture)], SeccompProfileJson.Notify(systemd.ListenerPath, string.Empty, s_archs, ["getppid"]));
        Task<ProcessResult> run = _env.Runc.RunAsync(bundle.Directory, id, TimeSpan.FromMinutes(3), CancellationToken.None);
        (string live, _) = await systemd.WaitForAsync("STORED live-");
        await systemd.WaitForAsync("STORED meta-");
        ulong before;
        using (RecorderClient client = systemd.Client())
        {
            before = (await Poll.UntilAsync(
                async ct => run.IsCompleted
                    ? throw new InvalidOperationException($"the container ended before the crash: {await run}")
                    : (await client.ListContainersAsync(ct)).FirstOrDefault(c => c.Id == id && c.Notifications >= 20_000),
                () => $"container {id} is calling (events:\n{systemd.Events}\nlog:\n{systemd.Log})")).Notifications;
            // One flush after that reading, so the restarted daemon starts from at least it.
            await Task.Delay(StoreFlusherInterval * 2);
        }

        await systemd.SendAsync("kill");
        (string exited, _) = await systemd.WaitForAsync("EXITED ");
        // A container started while no daemon runs (RestartSec): runc connects to the listener systemd kept, hands its
        // fd over into the backlog and starts the container, whose first notified call waits for a daemon.
        const string late = "it-fdstore-crash-late";
        RuncBundle lateBundle = await _env.NewBundleAsync(late);
        lateBundle.Configure(["/sysloop", "getppid", "1000"], SeccompProfileJson.Notify(systemd.ListenerPath, string.Empty, s_archs, ["getppid"]));
        Task<ProcessResult> lateRun = _env.Runc.RunAsync(lateBundle.Directory, late, TimeSpan.FromMinutes(3), CancellationToken.None);
        await Poll.UntilAsync(
            async ct => (await ProcessRunner.RunAsync(_env.Runc.Runc, ["--root", _env.Runc.StateRoot, "state", late], TestTimeouts.Default, ct)).StandardOutput.Contains("\"running\"", StringComparison.Ordinal) ? "running" : null,
            () => $"{late} runs while no daemon does");
        Assert.False(lateRun.IsCompleted);
        await systemd.SendAsync("start");
        await systemd.WaitForAsync("READY ");
        ProcessResult result;
        try
        {
            result = await run.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"events:\n{systemd.Events}\nlog:\n{systemd.Log}", e);
        }

        ProcessResult lateResult = await lateRun;
        Container after;
        using (RecorderClient client = systemd.Client())
        {
            after = await Poll.UntilAsync(
                async ct => await client.GetContainerAsync(id, ct) is { State: ContainerState.Exited } exited ? exited : null,
                () => $"container {id} has exited (log:\n{systemd.Log})");
        }

        // SIGKILL: nothing was handed over, yet the fds systemd kept carried both containers through without an ENOSYS.
        Assert.EndsWith(" -9", exited, StringComparison.Ordinal);
        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains($"count={calls} ok={calls} errors=0", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("serving again the 1 notify fds systemd kept (0 had hung up meanwhile", systemd.Log, StringComparison.Ordinal);
        // The listener socket was kept too: runtimes connecting while no daemon ran would have waited in its backlog.
        Assert.Contains("on the socket the previous daemon handed over", systemd.Log, StringComparison.Ordinal);
        // The calls the killed daemon answered after its last flush are the only ones not counted. That flush ran
        // mid-traffic and read the total and the getppid row a few calls apart: each is bounded on its own.
        Assert.InRange(after.Notifications, before, (ulong)calls);
        Assert.InRange(after.Syscalls.Single().Count, before, (ulong)calls);
        Assert.Equal(1U, after.ListenersTotal);
        Assert.Contains($"REMOVED {live["STORED ".Length..]}", systemd.Events, StringComparison.Ordinal);
        Assert.True(lateResult.Succeeded, lateResult.ToString());
        Assert.Contains("count=1000 ok=1000 errors=0", lateResult.StandardOutput, StringComparison.Ordinal);
        using RecorderClient again = systemd.Client();
        Container lateContainer = await Poll.UntilAsync(
            async ct => await again.GetContainerAsync(late, ct) is { State: ContainerState.Exited } exited ? exited : null,
            () => $"container {late} has exited (log:\n{systemd.Log})");
        Assert.Equal(1000UL, lateContainer.Notifications);
    }

    [Fact]
    public async Task Crash_ThreeTimesUnderFourThreads_NoCallFailsOrHangs()
    {
        // A kill between RECV and SEND leaves a notification the kernel never hands out again: without the in-flight
        // slot its thread would wait forever. Four threads calling flat out make that window likely at each crash.
        const string id = "it-fdstore-crashes";
        const int threads = 4;
        const int calls = 250_000;
        await using FakeSystemd systemd = FakeSystemd.Start(Path.Combine(_env.TempDir, "daemons", id), "--fd-store");
        await systemd.WaitForAsync("READY ");
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/hammer", $"{threads}", $"{calls}"], SeccompProfileJson.Notify(systemd.ListenerPath, string.Empty, s_archs, ["getppid"]));
        Task<ProcessResult> run = _env.Runc.RunAsync(bundle.Directory, id, TimeSpan.FromMinutes(3), CancellationToken.None);
        for (int crash = 0; crash < 3; crash++)
        {
            using (RecorderClient client = systemd.Client())
            {
                ulong floor = (ulong)crash * 50_000UL;
                await Poll.UntilAsync(
                    async ct => run.IsCompleted
                        ? throw new InvalidOperationException($"the container ended before crash {crash + 1}: {await run}")
                        : (await client.ListContainersAsync(ct)).FirstOrDefault(c => c.Id == id && c.Notifications > floor + 20_000),
                    () => $"container {id} is calling (log:\n{systemd.Log})");
            }

            await systemd.SendAsync("crash");
            await systemd.WaitForAsync("EXITED ");
            await systemd.WaitForAsync("READY ");
        }

        ProcessResult result;
        try
        {
            result = await run.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"the container hangs after the crashes; log:\n{systemd.Log}", e);
        }

        string[] answered = [.. systemd.Log.Split('\n').Where(l => l.Contains("which the daemon before this one received and died before answering", StringComparison.Ordinal))];
        _output.WriteLine($"{result.StandardOutput.Trim()}; {answered.Length} notifications answered for a dead daemon");
        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(((ulong)threads * calls, 0UL), (HammerReport.Value(result.StandardOutput, "ok"), HammerReport.Value(result.StandardOutput, "errors")));
    }

    private static readonly TimeSpan StoreFlusherInterval = TimeSpan.FromSeconds(1);

    private static bool IsJournal(string name) =>
        name.StartsWith("live-", StringComparison.Ordinal) || name.StartsWith("meta-", StringComparison.Ordinal);
}
