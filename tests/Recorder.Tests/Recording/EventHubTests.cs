using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;
using Xunit;

namespace SeccompRecorder.Tests.Recording;

public sealed class EventHubTests : IAsyncLifetime
{
    private RecordingHarness _harness = null!;

    private ContainerRegistry Registry => _harness.Registry;

    public async Task InitializeAsync() => _harness = await RecordingHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task WatchEvents_ContainerLifecycle_ArrivesInOrderWithWallClockTimes()
    {
        await using EventStream events = new(ct => Registry.WatchEvents("c1", ct));
        _harness.Time.Advance(TimeSpan.FromSeconds(1));

        ContainerRecording container = Registry.Attach(RecordingHarness.Identity("c1", initPid: 3954), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 4121, isExec: true, initPidFd: null);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        container.RecordCall(RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_X86_64, 39, pid: 4122), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        container.RecordCall(RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_X86_64, 39, pid: 4122), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        container.RecordCall(RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_I386, 20, pid: 4123), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        Registry.Detach(container);
        Registry.Detach(container);
        List<RecorderEvent> received = await events.TakeAsync(5);

        DateTimeOffset t1 = RecordingHarness.Origin.AddSeconds(1);
        DateTimeOffset t2 = RecordingHarness.Origin.AddSeconds(2);
        Assert.Equal(
            [
                (RecorderEventKind.ContainerAttached, t1, 3954),
                (RecorderEventKind.ExecAttached, t1, 4121),
                (RecorderEventKind.SyscallFirstSeen, t2, 4122),
                (RecorderEventKind.SyscallFirstSeen, t2, 4123),
                (RecorderEventKind.ContainerExited, RecordingHarness.Origin.AddSeconds(3), 3954),
            ],
            received.Select(e => (e.Kind, e.Time, e.Pid)));
        Assert.All(received, e => Assert.Equal("c1", e.ContainerId));
        Assert.Equal(
            new SyscallSnapshot(SyscallArch.X86_64, "x86_64", 39, "getpid", 1, 0, t2, t2),
            received[2].Syscall);
        Assert.Equal(
            new SyscallSnapshot(SyscallArch.X86, "x86", 20, "getpid", 1, 0, t2, t2),
            received[3].Syscall);
        Assert.All(received.Where(e => e.Kind != RecorderEventKind.SyscallFirstSeen), e => Assert.Null(e.Syscall));
        Assert.True(await events.IsQuietForAsync(TimeSpan.FromMilliseconds(100)), "the second getpid raised another first-seen event");
    }

    [Fact]
    public async Task WatchEvents_ContainerId_SeesOnlyThatContainer()
    {
        await using EventStream onlyC2 = new(ct => Registry.WatchEvents("c2", ct));
        await using EventStream all = new(ct => Registry.WatchEvents(null, ct));

        ContainerRecording c1 = Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 1, isExec: false, initPidFd: null);
        ContainerRecording c2 = Registry.Attach(RecordingHarness.Identity("c2"), RecordingHarness.RecordPolicy, 2, isExec: false, initPidFd: null);
        c1.RecordCall(RecordingHarness.X86_64(39), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        c2.RecordCall(RecordingHarness.X86_64(39), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        Registry.Detach(c1);
        Registry.Detach(c2);

        Assert.Equal(
            [(RecorderEventKind.ContainerAttached, "c2"), (RecorderEventKind.SyscallFirstSeen, "c2"), (RecorderEventKind.ContainerExited, "c2")],
            (await onlyC2.TakeAsync(3)).Select(e => (e.Kind, e.ContainerId)));
        Assert.Equal(
            ["c1", "c2", "c1", "c2", "c1", "c2"],
            (await all.TakeAsync(6)).Select(e => e.ContainerId));
    }

    [Fact]
    public async Task WatchEvents_EmptyContainerId_MeansEveryContainer()
    {
        await using EventStream events = new(ct => Registry.WatchEvents(string.Empty, ct));

        Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 1, isExec: false, initPidFd: null);
        Registry.Attach(RecordingHarness.Identity("c2"), RecordingHarness.RecordPolicy, 2, isExec: false, initPidFd: null);

        Assert.Equal(["c1", "c2"], (await events.TakeAsync(2)).Select(e => e.ContainerId));
    }

    [Fact]
    public async Task WatchEvents_StartedAfterAnEvent_DoesNotReplayIt()
    {
        Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 1, isExec: false, initPidFd: null);
        // Let the pump pass the first event before anyone watches.
        await using (EventStream early = new(ct => Registry.WatchEvents("c0", ct)))
        {
            Registry.Attach(RecordingHarness.Identity("c0"), RecordingHarness.RecordPolicy, 1, isExec: false, initPidFd: null);
            await early.TakeAsync(1);
        }

        await using EventStream events = new(ct => Registry.WatchEvents(null, ct));
        Registry.Attach(RecordingHarness.Identity("c2"), RecordingHarness.RecordPolicy, 2, isExec: false, initPidFd: null);

        Assert.Equal("c2", (await events.NextAsync())!.ContainerId);
    }

    [Fact]
    public async Task Publish_WatcherThatNeverReads_DoesNotHoldUpOthersAndLosesItsOldest()
    {
        const int published = 10_000;
        await using EventStream stalled = new(ct => _harness.Hub.Watch(null, ct));
        await using EventStream reading = new(ct => _harness.Hub.Watch(null, ct));
        ContainerRecording container = Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 0, isExec: false, initPidFd: null);
        Assert.Equal(0, (await reading.NextAsync())!.Pid);

        // In batches well under the 4096 per-watcher capacity, so the watcher that reads keeps up and loses nothing
        // (a burst larger than the capacity may overtake even a reading watcher: DropOldest by design).
        const int batch = 1_000;
        for (int start = 1; start <= published; start += batch)
        {
            for (int pid = start; pid < start + batch; pid++)
            {
                _harness.Hub.Publish(new PendingEvent(RecorderEventKind.ExecAttached, container, pid, default, 0, 0, _harness.Clock.Now()));
            }

            List<RecorderEvent> got = await reading.TakeAsync(batch);
            Assert.Equal(Enumerable.Range(start, batch), got.Select(e => e.Pid));
        }

        // The stalled watcher's one outstanding read took the attach event; its queue then kept only the newest.
        Assert.Equal(0, (await stalled.NextAsync())!.Pid);
        List<int> kept = [];
        while (kept.Count == 0 || kept[^1] != published)
        {
            kept.Add((await stalled.NextAsync())!.Pid);
        }

        Assert.InRange(kept.Count, 1, 4096);
        Assert.True(kept[0] > 1, "nothing was dropped");
        Assert.Equal(Enumerable.Range(kept[0], kept.Count), kept);
    }

    [Fact]
    public async Task StopAsync_ActiveWatcher_EndsItsStream()
    {
        RecordingHarness harness = await RecordingHarness.StartAsync();
        await using EventStream events = new(ct => harness.Registry.WatchEvents(null, ct));
        harness.Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 1, isExec: false, initPidFd: null);
        Assert.NotNull(await events.NextAsync());

        await harness.DisposeAsync();

        Assert.Null(await events.NextAsync());
    }
}
