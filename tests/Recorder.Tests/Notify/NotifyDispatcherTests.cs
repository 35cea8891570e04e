using SeccompRecorder.Notify;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Integration;
using Xunit;

namespace SeccompRecorder.Tests.Notify;

/// <summary>
/// <see cref="NotifyDispatcher"/> in the test process, fed real notify fds that tests/helpers/notifyhand hands over as
/// runc does (the filters live in its children, never here): a worker per fd, parked and served again for a hand-over,
/// retired when its filter's tasks are gone, nothing started once stopped; and every fd and thread given back. Each
/// test runs both ways a worker waits: blocked in RECV alone (woken by a signal) and polling before RECV.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class NotifyDispatcherTests
{
    private readonly RuncEnvironment _env;

    public NotifyDispatcherTests(RuncEnvironment env) => _env = env;

    [Theory]
    [InlineData(1, 1, "recv")]
    [InlineData(3, 500, "recv")]
    [InlineData(1, 1, "poll")]
    [InlineData(3, 500, "poll")]
    public async Task Serve_ChildrenCallThenExit_EachCountedExactlyThenRetiredFdClosedThreadGone(int children, int calls, string wait)
    {
        await using DispatcherHarness harness = await DispatcherHarness.StartAsync(NewDirectory($"retire-{children}-{wait}"), wait);
        Assert.Equal(wait == "recv", harness.Dispatcher.BlocksInReceive);
        NotifyHand hand = await harness.HandOverAsync(_env.HelpersDir, children, calls, "retire");

        IReadOnlyList<DispatcherHarness.Served> served = await harness.ServeNextAsync(children);
        Assert.Equal(children, harness.Dispatcher.OpenCount);
        Assert.All(served, s => Assert.Equal((1, false), (s.Container.ListenersOpen, s.Fd.Handle.IsClosed)));
        await TestTimeouts.WaitUntilAsync(() => NotifyThreads.Count() == harness.ThreadsAtStart + children, $"{children} notify threads run");

        (int exitCode, string[] lines) = await hand.ReleaseAsync(TestTimeouts.Default);
        Assert.True(exitCode == 0, string.Join('\n', lines) + hand.StandardError);

        await AssertRetiredAsync(harness, served, calls);
    }

    [Theory]
    [InlineData("recv")]
    [InlineData("poll")]
    public async Task Park_WhileChildrenCall_HeldCallsAnsweredNewOnesWaitInTheKernel_UnparkServesTheRestCountsExact(string wait)
    {
        const int children = 2;
        const int calls = 200_000;
        await using DispatcherHarness harness = await DispatcherHarness.StartAsync(NewDirectory($"park-{wait}"), wait);
        NotifyHand hand = await harness.HandOverAsync(_env.HelpersDir, children, calls, "park");
        IReadOnlyList<DispatcherHarness.Served> served = await harness.ServeNextAsync(children);
        Task<(int ExitCode, string[] Lines)> release = hand.ReleaseAsync(TimeSpan.FromMinutes(2));
        await TestTimeouts.WaitUntilAsync(() => served.All(s => s.Container.Notifications > 0), "both children are calling");

        IReadOnlyList<ParkedNotifyFd> parked = harness.Dispatcher.Park(TimeSpan.FromSeconds(5));

        // Parked: the fds are open and the dispatcher's, no thread serves them, and the counts stand still while the
        // children's next calls wait in the kernel.
        Assert.Equal(served.Select(s => s.Fd).OrderBy(f => f.Handle.FdForDisplay), parked.Select(p => p.Fd).OrderBy(f => f.Handle.FdForDisplay));
        Assert.All(served, s => Assert.Equal((1, false), (s.Container.ListenersOpen, s.Fd.Handle.IsClosed)));
        Assert.Equal(0, harness.Dispatcher.OpenCount);
        await TestTimeouts.WaitUntilAsync(() => NotifyThreads.Count() == harness.ThreadsAtStart, "the parked workers' threads have ended");
        long[] atPark = [.. served.Select(s => s.Container.Notifications)];
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Equal(atPark, served.Select(s => s.Container.Notifications));
        Assert.True(atPark.All(n => n < calls), $"a child made all its calls before the park ({string.Join(", ", atPark)}): the test proves nothing");
        Assert.False(release.IsCompleted);

        harness.Dispatcher.Unpark();
        Assert.Equal(children, harness.Dispatcher.OpenCount);
        (int exitCode, string[] lines) = await release;

        // Every call answered once: none lost or failed while parked (a held notification left unanswered would hang
        // its child; a closed fd would fail the rest with ENOSYS).
        Assert.True(exitCode == 0, string.Join('\n', lines) + hand.StandardError);
        Assert.Equal(children, lines.Count(l => l.EndsWith($" ok={calls} errors=0 last_errno=0", StringComparison.Ordinal)));
        await AssertRetiredAsync(harness, served, calls);
    }

    [Theory]
    [InlineData("recv")]
    [InlineData("poll")]
    public async Task Park_FdArrivesWhileParked_WaitsUnservedWithTheParkedAndIsServedOnUnpark(string wait)
    {
        const int calls = 100;
        await using DispatcherHarness harness = await DispatcherHarness.StartAsync(NewDirectory($"park-late-{wait}"), wait);
        NotifyHand hand = await harness.HandOverAsync(_env.HelpersDir, 1, calls, "late");
        Assert.Empty(harness.Dispatcher.Park(TimeSpan.FromSeconds(5)));

        DispatcherHarness.Served late = (await harness.ServeNextAsync(1))[0];

        Assert.Equal(0, harness.Dispatcher.OpenCount);
        Assert.Equal(harness.ThreadsAtStart, NotifyThreads.Count());
        harness.Dispatcher.Unpark();
        (int exitCode, string[] lines) = await hand.ReleaseAsync(TestTimeouts.Default);
        Assert.True(exitCode == 0, string.Join('\n', lines) + hand.StandardError);
        await TestTimeouts.WaitUntilAsync(() => harness.Dispatcher.OpenCount == 0, "the worker has retired");
        Assert.Equal(((long)calls, true), (late.Container.Notifications, late.Fd.Handle.IsClosed));
    }

    [Theory]
    [InlineData("recv")]
    [InlineData("poll")]
    public async Task StopAsync_ThenServe_ServedFdsClosedNothingStartedCallsFailWithEnosys(string wait)
    {
        const int calls = 10;
        await using DispatcherHarness harness = await DispatcherHarness.StartAsync(NewDirectory($"stop-{wait}"), wait);
        NotifyHand hand = await harness.HandOverAsync(_env.HelpersDir, 2, calls, "stop");
        DispatcherHarness.Served running = (await harness.ServeNextAsync(1))[0];
        DispatcherHarness.Served late = await harness.AttachNextAsync();
        await TestTimeouts.WaitUntilAsync(() => NotifyThreads.Count() == harness.ThreadsAtStart + 1, "the first fd's thread runs");

        using (CancellationTokenSource deadline = new(TestTimeouts.Default))
        {
            await harness.Dispatcher.StopAsync(deadline.Token).WaitAsync(TestTimeouts.Default);
        }

        Assert.Equal((0, true, 0), (harness.Dispatcher.OpenCount, running.Fd.Handle.IsClosed, running.Container.ListenersOpen));
        await TestTimeouts.WaitUntilAsync(() => NotifyThreads.Count() == harness.ThreadsAtStart, "the stopped worker's thread has ended");

        harness.Dispatcher.Serve(late.Fd, late.Container, late.Pid);

        Assert.Equal((0, true, 0, false), (harness.Dispatcher.OpenCount, late.Fd.Handle.IsClosed, late.Container.ListenersOpen, late.Container.IsRunning));
        Assert.Equal(harness.ThreadsAtStart, NotifyThreads.Count());
        Assert.Throws<InvalidOperationException>(() => harness.Dispatcher.Park(TimeSpan.FromSeconds(1)));

        // This process held the only copy of each fd: with it closed, every notified call fails with ENOSYS (38).
        (int exitCode, string[] lines) = await hand.ReleaseAsync(TestTimeouts.Default);
        Assert.Equal(1, exitCode);
        Assert.Equal(2, lines.Count(l => l.EndsWith($" ok=0 errors={calls} last_errno=38", StringComparison.Ordinal)));
        Assert.Equal((0L, 0L), (running.Container.Notifications, late.Container.Notifications));
    }

    // The children exited: POLLHUP on each fd, so each worker retires by itself, with no stop signal: its fd closed, its
    // container exited with every call counted once, in the latency histogram too, and its thread gone.
    private static async Task AssertRetiredAsync(DispatcherHarness harness, IReadOnlyList<DispatcherHarness.Served> served, int calls)
    {
        await TestTimeouts.WaitUntilAsync(() => harness.Dispatcher.OpenCount == 0, "every worker has retired");
        Assert.All(served, s => Assert.Equal((0, false, true, (long)calls), (s.Container.ListenersOpen, s.Container.IsRunning, s.Fd.Handle.IsClosed, s.Container.Notifications)));
        Assert.Equal(served.Count * calls, harness.Dispatcher.LatencySnapshot().Count);
        await TestTimeouts.WaitUntilAsync(() => NotifyThreads.Count() == harness.ThreadsAtStart, "the notify threads have ended");
    }

    private string NewDirectory(string name) =>
        Path.Combine(_env.TempDir, "dispatcher", name + "-" + Guid.NewGuid().ToString("N")[..8]);
}
