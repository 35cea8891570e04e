using System.Collections.Concurrent;
using System.Globalization;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using Grpc.Core;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Metrics;
using SeccompRecorder.Profiles;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Metrics;
using Xunit;
using Xunit.Abstractions;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// Faults around the hot path (issue #5 point 5), each with real runc containers and a daemon of its own: containers
/// killed or interrupted inside a notified call, exec storms, SIGTERM and SIGKILL of the daemon under load. Each ends
/// with the daemon alive (or exited 0), no notify fd or pidfd left behind, and counts bounded by what the containers
/// themselves saw complete.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class FaultTests
{
    private const ulong Enosys = 38;
    private static readonly string[] s_archs = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"];
    private static readonly TimeSpan s_loopTimeout = TimeSpan.FromSeconds(90);

    private readonly RuncEnvironment _env;
    private readonly ITestOutputHelper _output;

    public FaultTests(RuncEnvironment env, ITestOutputHelper output)
    {
        _env = env;
        _output = output;
    }

    [Fact]
    public async Task Kill_ContainerMidNotifiedCalls_CountBetweenCompletedAndInFlightNoFdLeft()
    {
        const int Rounds = 12;
        const int Threads = 4;
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(NewDirectory("kill"));
        using RecorderClient client = daemon.Client();
        List<string> baseline = await WarmUpAsync(daemon, client, "it-fault-kill-warm");
        ulong countedNotCompleted = 0;
        int roundsWithSuch = 0;

        for (int round = 0; round < Rounds; round++)
        {
            string id = $"it-fault-kill-{round}";
            RuncBundle bundle = await _env.NewBundleAsync(id);
            // Until killed: four threads in getppid all the time, so SIGKILL finds calls queued, received and answered.
            bundle.Configure(["/hammer", $"{Threads}", "0", "--progress", "/tmp/progress"], Profile(daemon));
            Container container;
            try
            {
                await _env.Runc.StartDetachedAsync(bundle.Directory, id, Path.Combine(bundle.Directory, "container.log"), CancellationToken.None);
                await WaitForNotificationsAsync(client, id, 2000UL + ((ulong)round * 500));
                ProcessResult kill = await _env.Runc.KillAsync(id, "KILL", CancellationToken.None);
                Assert.True(kill.Succeeded, kill.ToString());
                container = await WaitForExitAsync(daemon, client, id);
            }
            finally
            {
                await DeleteAsync(id);
            }

            IReadOnlyList<HammerReport.ThreadProgress> threads = HammerReport.ReadProgress(Path.Combine(bundle.RootFs, "tmp", "progress"), Threads);
            ulong completed = Sum(threads, t => t.Ok);
            ulong inFlight = Sum(threads, t => t.InFlight);
            _output.WriteLine($"{id}: daemon counted {container.Notifications}, threads completed {completed}, in flight {inFlight}");
            Assert.All(threads, t => Assert.True(t.InFlight <= 1 && t.Failed == 0, t.ToString()));
            // The kill found threads inside getppid (or on their way back from it), not between calls.
            Assert.True(inFlight > 0, $"{id}: no call was in flight when the container was killed");
            Assert.Equal((1U, 0U, ContainerState.Exited), (container.ListenersTotal, container.ListenersOpen, container.State));
            Syscall getppid = Assert.Single(container.Syscalls);
            Assert.Equal(("getppid", container.Notifications), (getppid.Name, getppid.Count));
            // Every call a thread completed was counted before it was answered; beyond those, only a call in flight
            // when SIGKILL came can have been counted: received by the daemon and then either answered to a thread that
            // died on its way back to user space, or withdrawn by the kill before the SEND (which gets ENOENT).
            Assert.InRange(container.Notifications, completed, completed + inFlight);
            countedNotCompleted += container.Notifications - completed;
            roundsWithSuch += container.Notifications > completed ? 1 : 0;
            await AssertFdsBackAsync(daemon, baseline);
        }

        // How often the daemon had already received the calls in flight depends on scheduling (seen: 1, 5 and 6 of 12
        // kills, always all four calls or none), so it is reported, not asserted; the signal test below provokes SEND
        // after the target is gone hundreds of times a run.
        _output.WriteLine($"counted but never completed: {countedNotCompleted} calls in {roundsWithSuch} of {Rounds} kills");
        await AssertAliveWithoutFailuresAsync(daemon, client);
    }

    [Fact]
    public async Task Signal_InterruptsNotifiedCalls_CountBetweenCompletedAndCompletedPlusInterrupted()
    {
        const int Rounds = 3;
        const int Threads = 4;
        const ulong Calls = 20_000;
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(NewDirectory("signal"));
        using RecorderClient client = daemon.Client();
        List<string> baseline = await WarmUpAsync(daemon, client, "it-fault-signal-warm");
        ulong withdrawn = 0;
        ulong interrupted = 0;

        for (int round = 0; round < Rounds; round++)
        {
            string id = $"it-fault-signal-{round}";
            RuncBundle bundle = await _env.NewBundleAsync(id);
            // SIGUSR1 every 20 us to one of the threads, handler without SA_RESTART: interrupted calls fail with EINTR.
            bundle.Configure(["/hammer", $"{Threads}", $"{Calls}", "--interrupt", "20"], Profile(daemon));

            ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, s_loopTimeout, CancellationToken.None);

            Assert.True(run.Succeeded, run.ToString());
            ulong ok = HammerReport.Value(run.StandardOutput, "ok");
            ulong eintr = HammerReport.Value(run.StandardOutput, "eintr");
            Assert.Equal((Threads * Calls, HammerReport.Value(run.StandardOutput, "errors")), (HammerReport.Value(run.StandardOutput, "calls"), eintr));
            Container container = await WaitForExitAsync(daemon, client, id);
            _output.WriteLine($"{id}: {run.StandardOutput.Trim()}; daemon counted {container.Notifications}");
            // An interrupted call was counted only if the daemon had received it before the kernel withdrew it (its
            // SEND then gets ENOENT, or rarely wins the race and is ignored): never more than the calls that completed
            // plus those interrupted. Under strace the excess matched the SENDs that failed with ENOENT to within 3.
            Assert.InRange(container.Notifications, ok, ok + eintr);
            Assert.Equal((1U, 0U), (container.ListenersTotal, container.ListenersOpen));
            withdrawn += container.Notifications - ok;
            interrupted += eintr;
            await AssertFdsBackAsync(daemon, baseline);
        }

        string metrics = await MetricsScrape.GetTextAsync(await MetricsScrape.EndpointAsync(daemon));
        ulong sendsWithoutTarget = ulong.Parse(
            MetricsScrape.Lines(metrics, RecorderExposition.NotificationsWithdrawnTotal + " ").Single().Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        _output.WriteLine($"interrupted {interrupted} calls; {withdrawn} of them after the daemon had received them; {sendsWithoutTarget} SENDs found the target gone");
        await AssertAliveWithoutFailuresAsync(daemon, client);
        // Each SEND that found its target gone answered a counted call that then failed with EINTR.
        Assert.InRange(sendsWithoutTarget, 1UL, withdrawn);
        Assert.True(interrupted > 0, "no signal interrupted a notified call");
        // Not a timing assert: the test must provoke what it is about (seen: 327, 354 and 821 such calls in a run, 59-423 per round).
        Assert.True(withdrawn > 0, "no call was withdrawn between the daemon's RECV and SEND");
    }

    [Fact]
    public async Task Exec_StormOfConcurrentExecs_EveryListenerCountedAndClosedCountsExact()
    {
        const int Execs = 40;
        const int Parallel = 8;
        const ulong Calls = 250;
        const string id = "it-fault-exec-storm";
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(NewDirectory("exec"));
        using RecorderClient client = daemon.Client();
        List<string> idle = await WarmUpAsync(daemon, client, "it-fault-exec-warm");
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/bin/sleep", "120"], Profile(daemon));
        try
        {
            await _env.Runc.StartDetachedAsync(bundle.Directory, id, Path.Combine(bundle.Directory, "container.log"), CancellationToken.None);
            await Poll.UntilAsync(
                async ct => await TryGetAsync(client, id, ct) is { ListenersOpen: 1 } c ? c : null, () => $"{id} is attached:\n{Tail(daemon.Output)}");
            List<string> withInit = DaemonFds.NonAssembly(daemon.Pid);
            ConcurrentBag<ProcessResult> results = [];

            // Half x86_64, half i386: each exec is its own connection, fd and serving thread, 8 arriving at a time.
            await System.Threading.Tasks.Parallel.ForEachAsync(
                Enumerable.Range(0, Execs),
                new ParallelOptions { MaxDegreeOfParallelism = Parallel },
                async (i, ct) => results.Add(await _env.Runc.ExecAsync(
                    id, [i % 2 == 0 ? "/sysloop" : "/sysloop32", "getppid", $"{Calls}"], TestTimeouts.Default, ct)));

            Assert.Equal(Execs, results.Count);
            Assert.All(results, r => Assert.True(r.Succeeded && r.StandardOutput.Contains($"ok={Calls} errors=0", StringComparison.Ordinal), r.ToString()));
            Container afterExecs = await Poll.UntilAsync(
                async ct => await TryGetAsync(client, id, ct) is { ListenersOpen: 1 } c && c.ListenersTotal == 1 + Execs ? c : null,
                () => $"every exec's listener of {id} is closed:\n{Tail(daemon.Output)}");
            Assert.Equal(ContainerState.Running, afterExecs.State);
            Assert.Equal(
                [("getppid", "x86", 64L, Calls * Execs / 2), ("getppid", "x86_64", 110L, Calls * Execs / 2)],
                afterExecs.Syscalls.Select(s => (s.Name, s.Arch, s.Nr, s.Count)).OrderBy(s => s.Arch, StringComparer.Ordinal).ToArray());
            Assert.Equal(Calls * Execs, afterExecs.Notifications);
            _output.WriteLine($"{Execs} execs, {Parallel} at a time: listeners {afterExecs.ListenersTotal} total, {afterExecs.ListenersOpen} open, {afterExecs.Notifications} notifications");
            // The init's notify fd and pidfd are still held; every exec's fd is gone.
            await AssertFdsBackAsync(daemon, withInit, notifyFds: 1);

            ProcessResult kill = await _env.Runc.KillAsync(id, "KILL", CancellationToken.None);
            Assert.True(kill.Succeeded, kill.ToString());
            Container exited = await WaitForExitAsync(daemon, client, id);
            Assert.Equal((1U + Execs, 0U, Calls * Execs), (exited.ListenersTotal, exited.ListenersOpen, exited.Notifications));
        }
        finally
        {
            await DeleteAsync(id);
        }

        await AssertFdsBackAsync(daemon, idle);
        await AssertAliveWithoutFailuresAsync(daemon, client);
    }

    [Fact]
    public async Task Kill_ContainerWithExecsMidNotifiedCalls_EveryListenerClosedCountWithinInFlight()
    {
        const int Execs = 6;
        const int Threads = 2;
        const string id = "it-fault-kill-execs";
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(NewDirectory("kill-execs"));
        using RecorderClient client = daemon.Client();
        List<string> baseline = await WarmUpAsync(daemon, client, "it-fault-kill-execs-warm");
        RuncBundle bundle = await _env.NewBundleAsync(id);
        // The init loops too: seven processes, seven notify fds, fourteen threads in getppid when the init is killed.
        bundle.Configure(["/hammer", $"{Threads}", "0", "--progress", "/tmp/progress-init"], Profile(daemon));
        List<Task<ProcessResult>> execs = [];
        Container container;
        try
        {
            await _env.Runc.StartDetachedAsync(bundle.Directory, id, Path.Combine(bundle.Directory, "container.log"), CancellationToken.None);
            for (int i = 0; i < Execs; i++)
            {
                execs.Add(_env.Runc.ExecAsync(id, ["/hammer", $"{Threads}", "0", "--progress", $"/tmp/progress-{i}"], s_loopTimeout, CancellationToken.None));
            }

            await Poll.UntilAsync(
                async ct => await TryGetAsync(client, id, ct) is { ListenersOpen: 1 + Execs } c ? c : null,
                () => $"{id} has {1 + Execs} listeners open:\n{Tail(daemon.Output)}");
            await WaitForNotificationsAsync(client, id, 5000);
            // A listener is attached by runc's init before hammer runs: wait until every process has its progress file
            // and every thread has started calling, so each report below exists and the kill lands mid-call.
            string[] progressFiles = [.. Enumerable.Range(0, Execs).Select(i => $"progress-{i}").Append("progress-init").Select(n => Path.Combine(bundle.RootFs, "tmp", n))];
            await TestTimeouts.WaitUntilAsync(
                () => progressFiles.All(f => File.Exists(f) && new FileInfo(f).Length == Threads * HammerReport.SlotBytes && HammerReport.ReadProgress(f, Threads).All(t => t.Started > 0)),
                "every hammer process is calling");

            // SIGKILL to the init ends its pid namespace: every exec dies with it, each mid-call.
            ProcessResult kill = await _env.Runc.KillAsync(id, "KILL", CancellationToken.None);
            Assert.True(kill.Succeeded, kill.ToString());
            container = await WaitForExitAsync(daemon, client, id);
            ProcessResult[] execResults = await Task.WhenAll(execs).WaitAsync(TestTimeouts.Default);
            Assert.All(execResults, r => Assert.False(r.Succeeded, r.ToString()));
        }
        finally
        {
            await DeleteAsync(id);
        }

        List<HammerReport.ThreadProgress> threads = [];
        foreach (string name in Enumerable.Range(0, Execs).Select(i => $"progress-{i}").Append("progress-init"))
        {
            threads.AddRange(HammerReport.ReadProgress(Path.Combine(bundle.RootFs, "tmp", name), Threads));
        }

        ulong completed = Sum(threads, t => t.Ok);
        ulong inFlight = Sum(threads, t => t.InFlight);
        _output.WriteLine($"{id}: daemon counted {container.Notifications}, {threads.Count} threads completed {completed}, in flight {inFlight}");
        Assert.All(threads, t => Assert.True(t.InFlight <= 1 && t.Failed == 0, t.ToString()));
        Assert.Equal((1U + Execs, 0U, ContainerState.Exited), (container.ListenersTotal, container.ListenersOpen, container.State));
        Assert.InRange(container.Notifications, completed, completed + inFlight);
        await AssertFdsBackAsync(daemon, baseline);
        await AssertAliveWithoutFailuresAsync(daemon, client);
    }

    [Fact]
    public async Task Sigterm_UnderLoad_ExitsZeroAndPersistsExactlyTheCallsThatSucceeded()
    {
        const ulong Calls = 3_000_000;
        string directory = NewDirectory("sigterm");
        string[] ids = ["it-fault-term-a", "it-fault-term-b"];
        DaemonProcess first = await DaemonProcess.StartAsync(directory);
        Task<ProcessResult>[] runs = [];
        try
        {
            await using (first)
            {
                runs = await StartLoopsAsync(first, ids, Calls);
                using (RecorderClient client = first.Client())
                {
                    foreach (string id in ids)
                    {
                        await WaitForNotificationsAsync(client, id, 20_000);
                    }
                }

                // Not a crash, not a timeout: the host's clean exit, with both containers in their loops.
                Assert.Equal(0, await first.StopAsync());
                Assert.Contains($"Stopping with {ids.Length} notify fds open", first.Output, StringComparison.Ordinal);
                AssertNoFailureLogged(first);
            }

            ProcessResult[] results = await Task.WhenAll(runs).WaitAsync(s_loopTimeout);
            await using DaemonProcess second = await DaemonProcess.StartAsync(directory);
            using RecorderClient again = second.Client();
            for (int i = 0; i < ids.Length; i++)
            {
                (ulong ok, ulong errors) = AssertLoopRanIntoEnosys(results[i], Calls);
                Container stored = await again.GetContainerAsync(ids[i]).WaitAsync(TestTimeouts.Default);
                _output.WriteLine($"{ids[i]}: {results[i].StandardOutput.Trim()}; stored {stored.Notifications}");
                // No lost count, none too many: every call that succeeded, and only those, is in the final flush.
                Assert.Equal((ok, ok), (stored.Notifications, stored.Syscalls.Single().Count));
                Assert.True(errors > 0);
            }
        }
        finally
        {
            await StopLoopsAsync(ids, runs);
        }
    }

    [Fact]
    public async Task Sigkill_UnderLoad_ContainersGetEnosysAndRestartKeepsTheLastFlush()
    {
        const ulong Calls = 3_000_000;
        string directory = NewDirectory("sigkill");
        string[] ids = ["it-fault-kill9-a", "it-fault-kill9-b"];
        DaemonProcess first = await DaemonProcess.StartAsync(directory);
        Task<ProcessResult>[] runs = [];
        try
        {
            ulong[] seen = new ulong[ids.Length];
            await using (first)
            {
                runs = await StartLoopsAsync(first, ids, Calls);
                using (RecorderClient client = first.Client())
                {
                    for (int i = 0; i < ids.Length; i++)
                    {
                        seen[i] = (await WaitForNotificationsAsync(client, ids[i], 20_000)).Notifications;
                    }
                }

                // Two flushes logged after the counts were read: the second began after the read, so it holds at least them.
                int flushed = CountFlushes(first.Output);
                await TestTimeouts.WaitUntilAsync(() => CountFlushes(first.Output) >= flushed + 2, "two more flushes");
                await first.KillAsync();
            }

            ProcessResult[] results = await Task.WhenAll(runs).WaitAsync(s_loopTimeout);
            await using DaemonProcess second = await DaemonProcess.StartAsync(directory);
            using RecorderClient again = second.Client();
            for (int i = 0; i < ids.Length; i++)
            {
                (ulong ok, _) = AssertLoopRanIntoEnosys(results[i], Calls);
                Container stored = await again.GetContainerAsync(ids[i]).WaitAsync(TestTimeouts.Default);
                _output.WriteLine($"{ids[i]}: {results[i].StandardOutput.Trim()}; read {seen[i]} before the kill; stored {stored.Notifications}");
                // What a flush after the read held survives; nothing the container did not see succeed is invented.
                // The last flush ran mid-traffic: it read the total and the getppid row a few calls apart, so each is
                // bounded on its own (after SIGTERM the final flush runs with the notify threads stopped: equal).
                Assert.InRange(stored.Notifications, seen[i], ok);
                Assert.InRange(stored.Syscalls.Single().Count, seen[i], ok);
            }
        }
        finally
        {
            await StopLoopsAsync(ids, runs);
        }
    }

    private static int CountFlushes(string output) =>
        output.Split('\n').Count(l => l.Contains("StoreFlusher[604]", StringComparison.Ordinal));

    /// <summary>A sysloop that outlived its daemon: it finished, every call either succeeded or got ENOSYS, and some did.</summary>
    private static (ulong Ok, ulong Errors) AssertLoopRanIntoEnosys(ProcessResult run, ulong calls)
    {
        Assert.True(run.Succeeded, run.ToString());
        ulong ok = HammerReport.Value(run.StandardOutput, "ok");
        ulong errors = HammerReport.Value(run.StandardOutput, "errors");
        Assert.Equal(calls, ok + errors);
        // The daemon went while the loop ran: from then on the closed listener answers every notified call ENOSYS.
        Assert.True(errors > 0, run.StandardOutput);
        Assert.Equal(Enosys, HammerReport.Value(run.StandardOutput, "last_errno"));
        return (ok, errors);
    }

    /// <summary>runc run (foreground) of a long getppid loop per id; returns once each container is counting.</summary>
    private async Task<Task<ProcessResult>[]> StartLoopsAsync(DaemonProcess daemon, string[] ids, ulong calls)
    {
        List<Task<ProcessResult>> runs = [];
        foreach (string id in ids)
        {
            RuncBundle bundle = await _env.NewBundleAsync(id);
            bundle.Configure(["/sysloop", "getppid", calls.ToString(CultureInfo.InvariantCulture)], Profile(daemon));
            runs.Add(_env.Runc.RunAsync(bundle.Directory, id, s_loopTimeout, CancellationToken.None));
        }

        return [.. runs];
    }

    /// <summary>After a failure midway: the loops are killed, and their runc run (which deletes) is awaited.</summary>
    private async Task StopLoopsAsync(string[] ids, Task<ProcessResult>[] runs)
    {
        if (runs.All(r => r.IsCompleted))
        {
            return;
        }

        foreach (string id in ids)
        {
            await _env.Runc.KillAsync(id, "KILL", CancellationToken.None);
        }

        try
        {
            await Task.WhenAll(runs).WaitAsync(TestTimeouts.Default);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            _output.WriteLine($"cleanup: {e.Message}");
        }

        foreach (string id in ids)
        {
            await DeleteAsync(id);
        }
    }

    /// <summary>
    /// Runs one short container so that every path the faults take (attach, a serving thread, retire, the API) has
    /// opened what it keeps open; returns the daemon's fds after it, the baseline the leak checks compare with.
    /// </summary>
    private async Task<List<string>> WarmUpAsync(DaemonProcess daemon, RecorderClient client, string id)
    {
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/sysloop", "getppid", "10"], Profile(daemon));
        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal(10UL, (await WaitForExitAsync(daemon, client, id)).Notifications);
        List<string> fds = DaemonFds.NonAssembly(daemon.Pid);
        Assert.DoesNotContain(DaemonFds.SeccompNotify, fds);
        return fds;
    }

    /// <summary>
    /// Until the daemon holds no more fds than <paramref name="baseline"/>, and exactly <paramref name="notifyFds"/>
    /// seccomp listeners and as many pidfds (one per running container).
    /// </summary>
    private static async Task AssertFdsBackAsync(DaemonProcess daemon, List<string> baseline, int notifyFds = 0)
    {
        await Poll.UntilAsync(
            _ =>
            {
                List<string> now = DaemonFds.NonAssembly(daemon.Pid);
                return Task.FromResult(
                    now.Count <= baseline.Count
                    && now.Count(t => t == DaemonFds.SeccompNotify) == notifyFds
                    && now.Count(t => t == DaemonFds.PidFd) == notifyFds ? "back" : null);
            },
            () => $"the daemon's {baseline.Count} fds with {notifyFds} notify fds [{string.Join(' ', baseline)}], now [{string.Join(' ', DaemonFds.NonAssembly(daemon.Pid))}]");
    }

    private static async Task AssertAliveWithoutFailuresAsync(DaemonProcess daemon, RecorderClient client)
    {
        Assert.False(daemon.HasExited, daemon.Output);
        Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, await client.CheckHealthAsync().WaitAsync(TestTimeouts.Default));
        AssertNoFailureLogged(daemon);
    }

    /// <summary>No Error or Critical line (a notify fd that failed logs 202 at Error) and no unhandled exception.</summary>
    private static void AssertNoFailureLogged(DaemonProcess daemon)
    {
        string[] bad = [.. daemon.Output.Split('\n').Where(l =>
            l.Contains("fail:", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal)
            || l.Contains("Unhandled exception", StringComparison.Ordinal))];
        Assert.True(bad.Length == 0, string.Join('\n', bad));
    }

    private static async Task<Container> WaitForNotificationsAsync(RecorderClient client, string id, ulong atLeast) =>
        await Poll.UntilAsync(
            async ct => await TryGetAsync(client, id, ct) is { } c && c.Notifications >= atLeast ? c : null,
            () => $"container {id} has {atLeast} notifications");

    private static async Task<Container> WaitForExitAsync(DaemonProcess daemon, RecorderClient client, string id) =>
        await Poll.UntilAsync(
            async ct => await TryGetAsync(client, id, ct) is { State: ContainerState.Exited } exited ? exited : null,
            () => $"container {id} has exited (daemon log:\n{Tail(daemon.Output)})");

    /// <summary>The container, or null while the daemon has not registered it yet.</summary>
    private static async Task<Container?> TryGetAsync(RecorderClient client, string id, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetContainerAsync(id, cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>runc delete --force until it succeeds or says the container is gone (a killed init is reaped first).</summary>
    private async Task DeleteAsync(string id)
    {
        using CancellationTokenSource deadline = new(TestTimeouts.Default);
        while (true)
        {
            ProcessResult delete = await _env.Runc.DeleteAsync(id, CancellationToken.None);
            if (delete.Succeeded || delete.StandardError.Contains("does not exist", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    private static ulong Sum(IEnumerable<HammerReport.ThreadProgress> threads, Func<HammerReport.ThreadProgress, ulong> field) =>
        threads.Aggregate(0UL, (total, t) => total + field(t));

    private static System.Text.Json.Nodes.JsonObject Profile(DaemonProcess daemon) =>
        SeccompProfileJson.Notify(daemon.ListenerPath, string.Empty, s_archs, ["getppid"]);

    private string NewDirectory(string name) =>
        Directory.CreateDirectory(Path.Combine(_env.TempDir, "daemons", $"fault-{name}-{Guid.NewGuid().ToString("N")[..6]}")).FullName;

    private static string Tail(string output) => output.Length > 8000 ? output[^8000..] : output;
}
