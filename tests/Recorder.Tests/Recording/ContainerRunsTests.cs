using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Recording;

/// <summary>Which run a runtime message belongs to: a reused id, crun's pid-less exec, two containerd namespaces.</summary>
public sealed class ContainerRunsTests : IAsyncLifetime
{
    private static readonly ContainerPolicy StopPolicy =
        new(new EffectivePolicy(PolicyMode.Stop, PolicySource.Metadata, 1, PolicySource.Default, TimeSpan.FromSeconds(5), PolicySource.Default));

    private RecordingHarness _harness = null!;

    private ContainerRegistry Registry => _harness.Registry;

    public async Task InitializeAsync() => _harness = await RecordingHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public void Init_IdOfAnExitedContainer_NewRunWithItsOwnPolicyAndCounts()
    {
        ContainerRecording first = Registry.Attach(RecordingHarness.Identity("app", initPid: 100), RecordingHarness.RecordPolicy, 100, isExec: false, initPidFd: null);
        first.RecordCall(RecordingHarness.X86_64(161), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        Registry.Detach(first);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));

        int asked = 0;
        ContainerRecording second = Registry.Attach(
            RecordingHarness.Identity("app", initPid: 200), _ => { asked++; return StopPolicy; }, 200, isExec: false, initPidFd: null);

        Assert.NotSame(first, second);
        Assert.Equal(1, asked);
        Assert.Equal((1, 2), (first.Key.Run, second.Key.Run));
        Assert.Equal(PolicyMode.Stop, second.Policy.Effective.Mode);
        Assert.Equal(0, second.Notifications);
        Assert.True(Registry.TryGetContainer("app", out ContainerSnapshot? newest));
        Assert.Equal((2, 200, ContainerLifecycle.Running), (newest.Run, newest.InitPid, newest.State));
        ContainerLookup old = Registry.Lookup("app", 1, includeSyscalls: true);
        Assert.Equal((LookupStatus.Found, 1L, ContainerLifecycle.Exited), (old.Status, old.Container!.Notifications, old.Container.State));
        Assert.Equal(2, Registry.ListContainers(includeSyscalls: false).Count);
    }

    [Fact]
    public void Init_SameIdWhileRunningWithAnotherPid_AnotherContainer()
    {
        ContainerRecording a = Registry.Attach(RecordingHarness.Identity("dup", initPid: 100), RecordingHarness.RecordPolicy, 100, isExec: false, initPidFd: null);
        ContainerRecording b = Registry.Attach(RecordingHarness.Identity("dup", initPid: 200), RecordingHarness.RecordPolicy, 200, isExec: false, initPidFd: null);

        Assert.NotSame(a, b);
        Assert.Equal((1, 2), (a.Key.Run, b.Key.Run));
    }

    [Fact]
    public void Exec_ByInitPid_JoinsThatRunAmongTwoRunning()
    {
        ContainerRecording a = Registry.Attach(RecordingHarness.Identity("dup", initPid: 100), RecordingHarness.RecordPolicy, 100, isExec: false, initPidFd: null);
        ContainerRecording b = Registry.Attach(RecordingHarness.Identity("dup", initPid: 200), RecordingHarness.RecordPolicy, 200, isExec: false, initPidFd: null);

        ContainerRecording exec = Registry.Attach(RecordingHarness.Identity("dup", initPid: 100), RecordingHarness.RecordPolicy, 150, isExec: true, initPidFd: null);

        Assert.Same(a, exec);
        Assert.Equal((2, 1), (a.ListenersOpen, b.ListenersOpen));
    }

    [Fact]
    public void Exec_WithoutPidAsCrunSendsIt_JoinsTheOnlyRunningRun()
    {
        ContainerRecording first = Registry.Attach(RecordingHarness.Identity("c", initPid: 100), RecordingHarness.RecordPolicy, 100, isExec: false, initPidFd: null);
        Registry.Detach(first);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        ContainerRecording second = Registry.Attach(RecordingHarness.Identity("c", initPid: 200), StopPolicy, 200, isExec: false, initPidFd: null);

        ContainerIdentity crunExec = RecordingHarness.Identity("c", initPid: 0) with { Bundle = "." };
        ContainerRecording exec = Registry.Attach(crunExec, _ => throw new InvalidOperationException("an exec joins: no policy of its own"), 0, isExec: true, initPidFd: null);

        Assert.Same(second, exec);
        Assert.Equal(2, second.ListenersOpen);
        Assert.False(first.IsRunning);
    }

    [Fact]
    public void Exec_NoRunRunning_JoinsTheNewestRun()
    {
        ContainerRecording first = Registry.Attach(RecordingHarness.Identity("c", initPid: 100), RecordingHarness.RecordPolicy, 100, isExec: false, initPidFd: null);
        Registry.Detach(first);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        ContainerRecording second = Registry.Attach(RecordingHarness.Identity("c", initPid: 200), RecordingHarness.RecordPolicy, 200, isExec: false, initPidFd: null);
        Registry.Detach(second);

        ContainerRecording exec = Registry.Attach(RecordingHarness.Identity("c", initPid: 0), RecordingHarness.RecordPolicy, 0, isExec: true, initPidFd: null);

        Assert.Same(second, exec);
        Assert.True(second.IsRunning);
    }

    [Fact]
    public void Exec_UnknownId_MakesRunOne()
    {
        ContainerRecording exec = Registry.Attach(RecordingHarness.Identity("late", initPid: 0), RecordingHarness.RecordPolicy, 0, isExec: true, initPidFd: null);

        Assert.Equal(new RunKey(string.Empty, "late", 1), exec.Key);
    }

    [Fact]
    public void Init_SameIdInTwoRuntimeNamespaces_TwoRunOnesAndExecsFindTheirOwn()
    {
        ContainerRecording a = Registry.Attach(RecordingHarness.Identity("app", initPid: 100) with { RuntimeNamespace = "ns-a" }, RecordingHarness.RecordPolicy, 100, isExec: false, initPidFd: null);
        ContainerRecording b = Registry.Attach(RecordingHarness.Identity("app", initPid: 200) with { RuntimeNamespace = "ns-b" }, RecordingHarness.RecordPolicy, 200, isExec: false, initPidFd: null);

        ContainerRecording execB = Registry.Attach(RecordingHarness.Identity("app", initPid: 999) with { RuntimeNamespace = "ns-b" }, RecordingHarness.RecordPolicy, 300, isExec: true, initPidFd: null);

        Assert.Equal((new RunKey("ns-a", "app", 1), new RunKey("ns-b", "app", 1)), (a.Key, b.Key));
        Assert.Same(b, execB);
    }

    [Fact]
    public void TryRemove_OldRun_LeavesTheNewOne()
    {
        ContainerRecording first = Registry.Attach(RecordingHarness.Identity("c", initPid: 100), RecordingHarness.RecordPolicy, 100, isExec: false, initPidFd: null);
        Registry.Detach(first);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        Registry.Attach(RecordingHarness.Identity("c", initPid: 200), RecordingHarness.RecordPolicy, 200, isExec: false, initPidFd: null);

        Assert.Equal(RemoveOutcome.Running, Registry.TryRemove(new RunKey(string.Empty, "c", 2)));
        Assert.Equal(RemoveOutcome.Removed, Registry.TryRemove(new RunKey(string.Empty, "c", 1)));
        Assert.Equal(LookupStatus.RunNotFound, Registry.Lookup("c", 1, includeSyscalls: false).Status);
        Assert.Equal(2, Registry.Lookup("c", 0, includeSyscalls: false).Container!.Run);
    }

    [Fact]
    public void NewRun_AfterTheOldOneWasRemoved_NumberStillGoesUp()
    {
        ContainerRecording first = Registry.Attach(RecordingHarness.Identity("c", initPid: 100), RecordingHarness.RecordPolicy, 100, isExec: false, initPidFd: null);
        Registry.Detach(first);
        ContainerRecording second = Registry.Attach(RecordingHarness.Identity("c", initPid: 200), RecordingHarness.RecordPolicy, 200, isExec: false, initPidFd: null);
        Registry.Detach(second);
        Registry.TryRemove(first.Key);

        ContainerRecording third = Registry.Attach(RecordingHarness.Identity("c", initPid: 300), RecordingHarness.RecordPolicy, 300, isExec: false, initPidFd: null);

        Assert.Equal(3, third.Key.Run);
    }
}
