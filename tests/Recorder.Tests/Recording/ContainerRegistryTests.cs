using SeccompRecorder.Native;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;
using Xunit;

namespace SeccompRecorder.Tests.Recording;

public sealed class ContainerRegistryTests : IAsyncLifetime
{
    private RecordingHarness _harness = null!;

    private ContainerRegistry Registry => _harness.Registry;

    public async Task InitializeAsync() => _harness = await RecordingHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public void Attach_InitThenExecOfSameId_OneContainerWithTwoListeners()
    {
        ContainerRecording init = Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        ContainerRecording exec = Registry.Attach(RecordingHarness.Identity("c1", initPid: 1), RecordingHarness.RecordPolicy, 4121, isExec: true, initPidFd: null);

        Assert.Same(init, exec);
        ContainerSnapshot snapshot = Assert.Single(Registry.ListContainers(includeSyscalls: false));
        Assert.Equal(("c1", 2, 2, ContainerLifecycle.Running), (snapshot.Id, snapshot.ListenersTotal, snapshot.ListenersOpen, snapshot.State));
        // The identity is the first attach's: an exec does not rewrite it.
        Assert.Equal(3954, snapshot.InitPid);
    }

    [Fact]
    public void Detach_EachListener_ExitsAfterTheLast()
    {
        ContainerRecording container = Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 4121, isExec: true, initPidFd: null);

        Registry.Detach(container);
        Assert.True(container.IsRunning);
        _harness.Time.Advance(TimeSpan.FromSeconds(3));
        Registry.Detach(container);

        Assert.True(Registry.TryGetContainer("c1", out ContainerSnapshot? snapshot));
        Assert.Equal((ContainerLifecycle.Exited, 0, 2), (snapshot.State, snapshot.ListenersOpen, snapshot.ListenersTotal));
        Assert.Equal(RecordingHarness.Origin.AddSeconds(3), snapshot.ExitedAt);
    }

    [Fact]
    public void Detach_MoreThanAttached_StaysExitedAtZeroWithTheFirstExitTime()
    {
        ContainerRecording container = Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        Registry.Detach(container);
        _harness.Time.Advance(TimeSpan.FromSeconds(3));

        Registry.Detach(container);

        Assert.True(Registry.TryGetContainer("c1", out ContainerSnapshot? snapshot));
        Assert.Equal((ContainerLifecycle.Exited, 0), (snapshot.State, snapshot.ListenersOpen));
        Assert.Equal(RecordingHarness.Origin, snapshot.ExitedAt);
    }

    [Fact]
    public void TryGetContainer_UnknownId_ReturnsFalse()
    {
        Assert.False(Registry.TryGetContainer("nope", out ContainerSnapshot? snapshot));
        Assert.Null(snapshot);
    }

    [Fact]
    public void ListContainers_SeveralContainers_SortedByFirstSeenThenId()
    {
        Registry.Attach(RecordingHarness.Identity("b"), RecordingHarness.RecordPolicy, 1, isExec: false, initPidFd: null);
        Registry.Attach(RecordingHarness.Identity("a"), RecordingHarness.RecordPolicy, 2, isExec: false, initPidFd: null);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        Registry.Attach(RecordingHarness.Identity("0-later"), RecordingHarness.RecordPolicy, 3, isExec: false, initPidFd: null);

        Assert.Equal(["a", "b", "0-later"], Registry.ListContainers(includeSyscalls: false).Select(c => c.Id));
    }

    [Fact]
    public void Snapshot_AfterCalls_TimesAreWallClockOfTheManualClock()
    {
        _harness.Time.Advance(TimeSpan.FromSeconds(2));
        ContainerRecording container = Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        _harness.Time.Advance(TimeSpan.FromMilliseconds(500));
        container.RecordCall(RecordingHarness.X86_64(39), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        _harness.Time.Advance(TimeSpan.FromMilliseconds(250));
        container.RecordCall(RecordingHarness.X86_64(39), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));

        Assert.True(Registry.TryGetContainer("c1", out ContainerSnapshot? snapshot));
        Assert.Equal(RecordingHarness.Origin.AddSeconds(2), snapshot.FirstSeen);
        Assert.Equal(RecordingHarness.Origin.AddSeconds(2.75), snapshot.LastSeen);
        Assert.Null(snapshot.ExitedAt);
        SyscallSnapshot getpid = Assert.Single(snapshot.Syscalls);
        Assert.Equal(
            new SyscallSnapshot(SyscallArch.X86_64, "x86_64", 39, "getpid", 2, 0, RecordingHarness.Origin.AddSeconds(2.5), RecordingHarness.Origin.AddSeconds(2.75)),
            getpid);
    }

    [Fact]
    public void Snapshot_CallsOnSeveralArchs_NamedPerArchAndSorted()
    {
        ContainerRecording container = Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        long now = _harness.Clock.Now();

        container.RecordCall(RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_I386, 20), now, RecordingHarness.Answer(denied: false));
        container.RecordCall(RecordingHarness.X86_64(20), now, RecordingHarness.Answer(denied: false));
        container.RecordCall(RecordingHarness.X86_64(ArchDecoder.X32_SYSCALL_BIT | 1), now, RecordingHarness.Answer(denied: false));
        container.RecordCall(RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_ARM, 0x0f0002), now, RecordingHarness.Answer(denied: false));
        container.RecordCall(RecordingHarness.Notification(0xC00000F3, 172), now, RecordingHarness.Answer(denied: false));
        container.RecordCall(RecordingHarness.X86_64(99_999), now, RecordingHarness.Answer(denied: false));

        Assert.True(Registry.TryGetContainer("c1", out ContainerSnapshot? snapshot));
        Assert.Equal(
            [
                (SyscallArch.X86_64, "x86_64", 20L, (string?)"writev"),
                (SyscallArch.X86_64, "x86_64", 99_999L, null),
                (SyscallArch.X86, "x86", 20L, "getpid"),
                (SyscallArch.X32, "x32", 1L, "write"),
                (SyscallArch.Arm, "arm", 0x0f0002L, "cacheflush"),
                (SyscallArch.Unknown, "audit:0xc00000f3", 172L, null),
            ],
            snapshot.Syscalls.Select(s => (s.Arch, s.ArchName, s.Nr, s.Name)));
        Assert.Equal(6, snapshot.Notifications);
    }

    [Fact]
    public void Snapshot_WithoutSyscalls_HasEmptyListButCounts()
    {
        ContainerRecording container = Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        container.RecordCall(RecordingHarness.X86_64(39), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));

        ContainerSnapshot snapshot = Assert.Single(Registry.ListContainers(includeSyscalls: false));

        Assert.Empty(snapshot.Syscalls);
        Assert.Equal(1, snapshot.Notifications);
    }

    [Fact]
    public void Snapshot_Identity_CarriedThrough()
    {
        Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);

        Assert.True(Registry.TryGetContainer("c1", out ContainerSnapshot? snapshot));
        Assert.Equal(("/tmp/feas/bundle", "1.0.2-dev", "policy=log"), (snapshot.Bundle, snapshot.OciVersion, snapshot.Metadata));
        Assert.Equal(new KubernetesIdentity("p", "ns", "c", "uid"), snapshot.Kubernetes);
        Assert.Equal("p", snapshot.Annotations["io.kubernetes.pod.name"]);
    }

    [Fact]
    public void Attach_AfterExit_RunsAgainWithoutExitTime()
    {
        ContainerRecording container = Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        Registry.Detach(container);

        Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 4121, isExec: true, initPidFd: null);

        Assert.True(Registry.TryGetContainer("c1", out ContainerSnapshot? snapshot));
        Assert.Equal((ContainerLifecycle.Running, 1, 2), (snapshot.State, snapshot.ListenersOpen, snapshot.ListenersTotal));
        Assert.Null(snapshot.ExitedAt);
    }

    [Fact]
    public void Attach_PidFds_KeepsTheFirstClosesLaterOnesAndTheLastDetachClosesIt()
    {
        Assert.True(PidFd.TryOpen(Environment.ProcessId, out SafeFdHandle first));
        Assert.True(PidFd.TryOpen(Environment.ProcessId, out SafeFdHandle second));

        ContainerRecording container = Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: first);
        Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 4121, isExec: true, initPidFd: second);

        Assert.Same(first, container.InitPidFd);
        Assert.True(second.IsClosed);
        Registry.Detach(container);
        Assert.False(first.IsClosed);
        Registry.Detach(container);
        Assert.True(first.IsClosed);
        Assert.Null(container.InitPidFd);
    }

    [Fact]
    public void GetStatus_TwoContainersOneExited_CountsThem()
    {
        ContainerRecording one = Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 1, isExec: false, initPidFd: null);
        ContainerRecording two = Registry.Attach(RecordingHarness.Identity("c2"), RecordingHarness.RecordPolicy, 2, isExec: false, initPidFd: null);
        Registry.Attach(RecordingHarness.Identity("c2"), RecordingHarness.RecordPolicy, 3, isExec: true, initPidFd: null);
        one.RecordCall(RecordingHarness.X86_64(39), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        two.RecordCall(RecordingHarness.X86_64(39), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        two.RecordCall(RecordingHarness.X86_64(39), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        Registry.Detach(one);

        DaemonStatus status = Registry.GetStatus();

        Assert.Equal((1, 2, 2, 3L), (status.ContainersRunning, status.ContainersTotal, status.ListenersOpen, status.Notifications));
        Assert.Equal(RecordingHarness.Origin, status.StartedAt);
    }
}
