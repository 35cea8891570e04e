using System.Globalization;
using System.Net.Sockets;
using System.Text;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Handover;
using SeccompRecorder.Native;
using SeccompRecorder.Profiles;
using SeccompRecorder.Tests.Grpc;
using Xunit;
using Xunit.Abstractions;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// <c>daemon --takeover</c> with a real runc container making notified syscalls throughout: the successor must serve
/// every fd before the predecessor lets go, so the container never sees ENOSYS and not one call goes uncounted.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class TakeoverTests
{
    private static readonly string[] s_archs = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"];
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(3);
    private readonly RuncEnvironment _env;
    private readonly ITestOutputHelper _output;

    public TakeoverTests(RuncEnvironment env, ITestOutputHelper output)
    {
        _env = env;
        _output = output;
    }

    // Each way of waiting hands over to each: an upgrade may change it (--notify-wait), and a parked worker must have
    // left RECV without holding a notification whichever way it waited.
    [Theory]
    [InlineData("recv", "recv")]
    [InlineData("poll", "recv")]
    [InlineData("recv", "poll")]
    public async Task Takeover_WhileTheContainerCalls_NoEnosysAndEveryCallCounted(string firstWait, string secondWait)
    {
        string id = $"it-takeover-{firstWait}-{secondWait}";
        const int calls = 1_000_000;
        string dir = Path.Combine(_env.TempDir, "daemons", id);
        DaemonProcess first = await DaemonProcess.StartAsync(dir, "--notify-wait", firstWait);
        await using DaemonProcessGuard guard = new(first);
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/sysloop", "getppid", calls.ToString(CultureInfo.InvariantCulture)], SeccompProfileJson.Notify(first.ListenerPath, "policy=record", s_archs, ["getppid"]));
        Task<ProcessResult> run = _env.Runc.RunAsync(bundle.Directory, id, s_runTimeout, CancellationToken.None);
        await WaitForCallsAsync(first, id, 20_000, run);

        await using DaemonProcess second = DaemonProcess.Launch(dir, "--takeover", "--notify-wait", secondWait);
        int firstExit = await WaitForExitOrExplainAsync(first, second);
        await second.WaitUntilServingAsync();
        ProcessResult result = await run;
        Container after = await second.WaitForContainerExitAsync(id);

        Assert.Contains($"Notify threads wait with {firstWait} (", first.Output, StringComparison.Ordinal);
        Assert.Contains($"Notify threads wait with {secondWait} (", second.Output, StringComparison.Ordinal);
        Assert.Equal(0, firstExit);
        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains($"count={calls} ok={calls} errors=0", result.StandardOutput, StringComparison.Ordinal);
        // The container was mid-run when the fds moved: the successor served its notify fd, not a finished one.
        Assert.Contains("Took over 1 containers and 1 notify fds", second.Output, StringComparison.Ordinal);
        Assert.Contains("Handed over: the successor serves 1 notify fds", first.Output, StringComparison.Ordinal);
        Assert.Equal(((ulong)calls, (ulong)calls, 1U), (after.Notifications, after.Syscalls.Single().Count, after.ListenersTotal));
        Assert.True(File.Exists(second.ListenerPath), "the listener path stays in place across the takeover");
    }

    [Fact]
    public async Task Takeover_ThousandListeners_EveryOneMovesThenIsServedAndCountedExactly()
    {
        const int children = 1000;
        const int calls = 200;
        string dir = Path.Combine(_env.TempDir, "daemons", "it-takeover-1000");
        DaemonProcess first = await DaemonProcess.StartAsync(dir);
        await using DaemonProcessGuard guard = new(first);
        await using NotifyHand hand = NotifyHand.Start(_env.HelpersDir, first.ListenerPath, children, calls, "tk");
        await hand.WaitAttachedAsync(children, TestTimeouts.Default);
        using (RecorderClient client = first.Client())
        {
            await Poll.UntilAsync(
                async ct => await client.GetStatusAsync(ct) is { ListenersOpen: children } status ? status : null,
                () => $"{children} listeners are open (daemon log:\n{first.Output[^4000..]})");
        }

        // 1000 fds, 1000 pidfds and 1000 recordings move: ten times what one SCM_RIGHTS message holds. The containers
        // wait at notifyhand's barrier meanwhile (1000 busy loops on two CPUs would starve the successor's start, and
        // calling through a takeover is what the single-container test shows); they call once it is over.
        await using DaemonProcess second = DaemonProcess.Launch(dir, "--takeover");
        await first.WaitForExitAsync();
        await second.WaitUntilServingAsync();
        (int exitCode, string[] lines) = await hand.ReleaseAsync(s_runTimeout);
        Status after;
        using (RecorderClient client = second.Client())
        {
            after = await Poll.UntilAsync(
                async ct => await client.GetStatusAsync(ct) is { ListenersOpen: 0 } status ? status : null,
                () => $"every listener has closed (daemon log:\n{second.Output[^4000..]})");
        }

        Assert.True(exitCode == 0, $"notifyhand exited {exitCode}:\n{string.Join('\n', lines.Where(l => !l.Contains(" errors=0 ", StringComparison.Ordinal)))}\n{hand.StandardError}");
        Assert.Equal(children, lines.Count(l => l.EndsWith($" ok={calls} errors=0 last_errno=0", StringComparison.Ordinal)));
        Assert.Equal(((ulong)children * calls, (uint)children), (after.Notifications, after.ContainersTotal));
        Assert.Contains("Took over 1000 containers and 1000 notify fds", second.Output, StringComparison.Ordinal);
        _output.WriteLine(string.Join('\n', second.Output.Split('\n').Where(l => l.Contains("Takeover: serving", StringComparison.Ordinal) || l.Contains("Took over", StringComparison.Ordinal))));
        _output.WriteLine(string.Join('\n', first.Output.Split('\n').Where(l => l.Contains("Hand-over packed", StringComparison.Ordinal) || l.Contains("Takeover requested", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Takeover_PendingStop_SuccessorKillsOnTheSameDeadline()
    {
        const string id = "it-takeover-stop";
        string dir = Path.Combine(_env.TempDir, "daemons", id);
        DaemonProcess first = await DaemonProcess.StartAsync(dir);
        await using DaemonProcessGuard guard = new(first);
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(
            ["/bin/sh", "-c", "/sysloop chroot 2; exec /bin/sleep 60"],
            SeccompProfileJson.Notify(first.ListenerPath, "policy=stop;grace=6s", s_archs, ["chroot"]));
        Task<ProcessResult> run = _env.Runc.RunAsync(bundle.Directory, id, s_runTimeout, CancellationToken.None);
        using (RecorderClient client = first.Client())
        {
            await Poll.UntilAsync(
                async ct => (await client.ListContainersAsync(ct)).FirstOrDefault(c => c.Id == id && c.Violations == 2),
                () => $"container {id} made its violations (daemon log:\n{first.Output})");
        }

        await using DaemonProcess second = DaemonProcess.Launch(dir, "--takeover");
        await first.WaitForExitAsync();
        await second.WaitUntilServingAsync();
        ProcessResult result = await run;
        Container after = await second.WaitForContainerExitAsync(id);

        Assert.Equal(137, result.ExitCode);
        Assert.DoesNotContain("stopped (seccomp killed)", first.Output, StringComparison.Ordinal);
        Assert.Contains($"Container {id} stopped (seccomp killed): Used forbidden syscalls: chroot (2x)", second.Output, StringComparison.Ordinal);
        Assert.Equal(("seccomp killed", "Used forbidden syscalls: chroot (2x)"), (after.TerminationReason, after.TerminationMessage));
        // The deadline runs from the last violation, recorded by the first daemon, not from the takeover.
        TimeSpan afterLast = after.TerminatedAt.ToDateTimeOffset() - after.Syscalls.Single().LastSeen.ToDateTimeOffset();
        Assert.InRange(afterLast, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(11));
    }

    [Fact]
    public async Task Takeover_DuringAnExecStorm_EveryExecServedAndCounted()
    {
        const string id = "it-takeover-execs";
        const int perExec = 3000;
        const int loops = 3;
        string dir = Path.Combine(_env.TempDir, "daemons", id);
        DaemonProcess first = await DaemonProcess.StartAsync(dir);
        await using DaemonProcessGuard guard = new(first);
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/bin/sleep", "120"], SeccompProfileJson.Notify(first.ListenerPath, string.Empty, s_archs, ["getppid"]));
        await _env.Runc.StartDetachedAsync(bundle.Directory, id, Path.Combine(bundle.Directory, "container.log"), CancellationToken.None);
        try
        {
            // Each loop execs until the takeover is over, then twice more: some execs attach to each daemon, and some
            // connect while the listener is paused and wait in its backlog.
            using CancellationTokenSource takenOver = new();
            List<ProcessResult> results = [];
            async Task Loop()
            {
                int after = 0;
                while (after < 2)
                {
                    after += takenOver.IsCancellationRequested ? 1 : 0;
                    ProcessResult exec = await _env.Runc.ExecAsync(id, ["/sysloop", "getppid", perExec.ToString(CultureInfo.InvariantCulture)], TestTimeouts.Default, CancellationToken.None);
                    lock (results)
                    {
                        results.Add(exec);
                    }
                }
            }

            Task storm = Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(Loop)));
            await WaitForCallsAsync(first, id, perExec, storm.ContinueWith(_ => new ProcessResult(0, string.Empty, string.Empty), TaskScheduler.Default));
            DaemonProcess second = DaemonProcess.Launch(dir, "--takeover");
            await using (second)
            {
                await first.WaitForExitAsync();
                await second.WaitUntilServingAsync();
                takenOver.Cancel();
                await storm;

                Container after = await Poll.UntilAsync(
                    async ct =>
                    {
                        using RecorderClient client = second.Client();
                        return await client.GetContainerAsync(id, ct) is { ListenersOpen: 1 } settled ? settled : null;
                    },
                    () => $"the execs of {id} have hung up (daemon log:\n{second.Output})");

                Assert.All(results, r => Assert.Contains($"count={perExec} ok={perExec} errors=0", r.StandardOutput, StringComparison.Ordinal));
                Assert.Equal((ulong)(results.Count * perExec), after.Notifications);
                Assert.Equal((uint)(1 + results.Count), after.ListenersTotal);
                Assert.Contains("status running", second.Output, StringComparison.Ordinal);
                Assert.Contains("status running", first.Output, StringComparison.Ordinal);
            }
        }
        finally
        {
            await _env.Runc.KillAsync(id, "KILL", CancellationToken.None);
            using CancellationTokenSource deadline = new(TestTimeouts.Default);
            while (!(await _env.Runc.DeleteAsync(id, deadline.Token)).Succeeded)
            {
                await Task.Delay(100, deadline.Token);
            }
        }
    }

    [Fact]
    public async Task Takeover_SuccessorVanishesBeforeServing_DaemonServesOn()
    {
        const string id = "it-takeover-abandoned";
        const int calls = 600_000;
        string dir = Path.Combine(_env.TempDir, "daemons", id);
        await using DaemonProcess daemon = (await DaemonProcess.StartAsync(dir)).AllowErrors("failed: the successor went away before serving");
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/sysloop", "getppid", calls.ToString(CultureInfo.InvariantCulture)], SeccompProfileJson.Notify(daemon.ListenerPath, string.Empty, s_archs, ["getppid"]));
        Task<ProcessResult> run = _env.Runc.RunAsync(bundle.Directory, id, s_runTimeout, CancellationToken.None);
        await WaitForCallsAsync(daemon, id, 20_000, run);

        // A successor that takes everything and then dies without saying "serving".
        int received;
        using (TakeoverClient client = TakeoverClient.Connect(daemon.Directory + "/listener.sock.takeover")
            ?? throw new InvalidOperationException("no takeover socket"))
        using (IncomingHandover handover = client.Receive())
        {
            received = handover.Names.Count;
            Assert.Single(handover.Document!.Listeners);
        }

        ProcessResult result = await run;
        Container after = await daemon.WaitForContainerExitAsync(id);
        const string second = "it-takeover-abandoned-2";
        await RunAsync(daemon, second, 7);

        // listener socket + init pidfd + notify fd + the state directory's lock (the state memfd is read and not kept).
        Assert.Equal(4, received);
        // The vanished successor's copy of the lock closed with it; the daemon's own copy still holds it.
        Assert.True(StateLockProbe.IsHeld(StateLockProbe.PathIn(dir)));
        Assert.Equal(daemon.Pid, StateLockProbe.Pid(StateLockProbe.PathIn(dir)));
        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains($"count={calls} ok={calls} errors=0", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal((ulong)calls, after.Syscalls.Single().Count);
        Assert.Equal(7UL, (await daemon.WaitForContainerExitAsync(second)).Notifications);
        Assert.Contains("Hand-over abandoned", daemon.Output, StringComparison.Ordinal);
        Assert.False(daemon.HasExited);
    }

    [Fact]
    public async Task Takeover_BadRequest_RefusedAndNothingMoves()
    {
        string dir = Path.Combine(_env.TempDir, "daemons", "it-takeover-bad");
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(dir);
        using Socket socket = new(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(daemon.ListenerPath + ".takeover"));
        socket.Send(Encoding.ASCII.GetBytes("seccomp-recorder takeover 99"));
        byte[] answer = new byte[4096];
        int n = socket.Receive(answer);

        Assert.StartsWith("error expected \"seccomp-recorder takeover 1\"", Encoding.UTF8.GetString(answer, 0, n), StringComparison.Ordinal);
        await RunAsync(daemon, "it-takeover-bad-after", 3);
        Assert.Equal(3UL, (await daemon.WaitForContainerExitAsync("it-takeover-bad-after")).Notifications);
        Assert.Contains("not a takeover request this version understands", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Takeover_NothingRunning_StartsFresh()
    {
        string dir = Path.Combine(_env.TempDir, "daemons", "it-takeover-fresh");
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(dir, "--takeover");
        await RunAsync(daemon, "it-takeover-fresh", 4);

        Assert.Equal(4UL, (await daemon.WaitForContainerExitAsync("it-takeover-fresh")).Notifications);
        Assert.Contains("no daemon answers on", daemon.Output, StringComparison.Ordinal);
    }

    private static async Task<int> WaitForExitOrExplainAsync(DaemonProcess first, DaemonProcess second)
    {
        try
        {
            return await first.WaitForExitAsync();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"the first daemon did not exit.\nfirst:\n{first.Output}\nsecond:\n{second.Output}", e);
        }
    }

    private async Task RunAsync(DaemonProcess daemon, string id, int calls)
    {
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/sysloop", "getppid", calls.ToString(CultureInfo.InvariantCulture)], SeccompProfileJson.Notify(daemon.ListenerPath, string.Empty, s_archs, ["getppid"]));
        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
        Assert.True(run.Succeeded, run.ToString());
    }

    private static async Task WaitForCallsAsync(DaemonProcess daemon, string id, ulong atLeast, Task<ProcessResult> run)
    {
        using RecorderClient client = daemon.Client();
        await Poll.UntilAsync(
            async ct =>
            {
                if (run.IsCompleted)
                {
                    throw new InvalidOperationException($"the container ended before the takeover: {await run}");
                }

                IReadOnlyList<Container> list = await client.ListContainersAsync(ct);
                return list.FirstOrDefault(c => c.Id == id && c.Notifications >= atLeast);
            },
            () => $"container {id} made {atLeast} calls (daemon log:\n{daemon.Output})");
    }
}
