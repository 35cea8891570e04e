using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using SeccompRecorder.Native;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Tests.Native;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Policy;

/// <summary>The stop policy's grace window on a manual clock, killing a real child process through its pidfd.</summary>
public sealed class StopSchedulerTests : IAsyncLifetime
{
    private const int Chroot = 161;
    private const int Swapoff = 168;
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private readonly List<Process> _children = [];
    private RecordingHarness _harness = null!;
    private DaemonCounters _counters = null!;
    private StopScheduler _scheduler = null!;

    public async Task InitializeAsync()
    {
        _harness = await RecordingHarness.StartAsync();
        _counters = new DaemonCounters(_harness.Clock);
        _scheduler = new StopScheduler(_harness.Registry, _counters, _harness.Clock, NullLogger<StopScheduler>.Instance);
    }

    public async Task DisposeAsync()
    {
        foreach (Process child in _children)
        {
            if (!child.HasExited)
            {
                child.Kill();
            }

            child.Dispose();
        }

        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task Tick_GracePassedSinceLastViolation_KillsWithCrioReasonAndMessage()
    {
        await using EventStream events = new(ct => _harness.Registry.WatchEvents("c1", ct));
        (ContainerRecording container, Process child) = AttachWithChild("c1", PolicyMode.Stop);
        Violate(container, Chroot, Chroot, Swapoff, Swapoff);

        _harness.Time.Advance(Grace - TimeSpan.FromMilliseconds(1));
        _scheduler.Tick();
        Assert.False(child.HasExited);
        Assert.Null(container.Termination);

        _harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        _scheduler.Tick();

        await child.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        ContainerTermination termination = Assert.IsType<ContainerTermination>(container.Termination);
        Assert.Equal(("seccomp killed", "Used forbidden syscalls: chroot (2x), swapoff (2x)"), (termination.Reason, termination.Message));
        Assert.Equal(1, _counters.ContainersStopped);
        Assert.Equal(
            [RecorderEventKind.ContainerAttached, RecorderEventKind.SyscallFirstSeen, RecorderEventKind.Violation,
             RecorderEventKind.SyscallFirstSeen, RecorderEventKind.Violation, RecorderEventKind.StopScheduled, RecorderEventKind.Stopped],
            (await events.TakeAsync(7)).Select(e => e.Kind).ToArray());
    }

    [Fact]
    public async Task Tick_ViolationDuringGrace_MovesTheDeadline()
    {
        (ContainerRecording container, Process child) = AttachWithChild("c1", PolicyMode.Stop);
        Violate(container, Chroot);
        _harness.Time.Advance(TimeSpan.FromSeconds(4));
        Violate(container, Swapoff);
        _harness.Time.Advance(TimeSpan.FromSeconds(4));

        _scheduler.Tick();
        Assert.False(child.HasExited);

        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        _scheduler.Tick();
        await child.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal("Used forbidden syscalls: chroot (1x), swapoff (1x)", container.Termination?.Message);
    }

    [Fact]
    public void Tick_ContainerExitedBeforeTheDeadline_NotKilled()
    {
        (ContainerRecording container, Process child) = AttachWithChild("c1", PolicyMode.Stop);
        Violate(container, Chroot);
        _harness.Registry.Detach(container);

        _harness.Time.Advance(Grace * 2);
        _scheduler.Tick();

        Assert.Null(container.Termination);
        Assert.False(child.HasExited);
        Assert.Equal(0, _counters.ContainersStopped);
    }

    [Fact]
    public async Task Tick_InitAlreadyGoneWhileFdsStillOpen_NoTerminationRecorded()
    {
        (ContainerRecording container, Process child) = AttachWithChild("c1", PolicyMode.Stop);
        Violate(container, Chroot);
        child.Kill();
        await child.WaitForExitAsync().WaitAsync(TestTimeouts.Default);

        _harness.Time.Advance(Grace);
        _scheduler.Tick();

        Assert.Null(container.Termination);
        Assert.Equal(0, _counters.ContainersStopped);
    }

    [Fact]
    public void Tick_LogPolicy_NeverKilled()
    {
        (ContainerRecording container, Process child) = AttachWithChild("c1", PolicyMode.Log);
        Violate(container, Chroot);

        _harness.Time.Advance(Grace * 10);
        _scheduler.Tick();

        Assert.Null(container.Termination);
        Assert.False(child.HasExited);
    }

    [Fact]
    public void Tick_StopPolicyWithoutViolations_NotKilled()
    {
        (ContainerRecording container, Process child) = AttachWithChild("c1", PolicyMode.Stop);

        _harness.Time.Advance(Grace * 10);
        _scheduler.Tick();

        Assert.Null(container.Termination);
        Assert.False(child.HasExited);
    }

    private (ContainerRecording Container, Process Child) AttachWithChild(string id, PolicyMode mode)
    {
        Process child = Process.Start(new ProcessStartInfo("/bin/sleep", "60") { UseShellExecute = false })!;
        _children.Add(child);
        Assert.True(PidFd.TryOpen(child.Id, out SafeFdHandle pidfd));
        ContainerPolicy policy = new(new EffectivePolicy(mode, PolicySource.Metadata, 38, PolicySource.Default, Grace, PolicySource.Default));
        ContainerRecording container = _harness.Registry.Attach(RecordingHarness.Identity(id, child.Id), policy, child.Id, isExec: false, pidfd);
        return (container, child);
    }

    private void Violate(ContainerRecording container, params int[] numbers)
    {
        foreach (int nr in numbers)
        {
            container.RecordCall(RecordingHarness.X86_64(nr), _harness.Clock.Now(), RecordingHarness.Answer(denied: true));
        }
    }
}
