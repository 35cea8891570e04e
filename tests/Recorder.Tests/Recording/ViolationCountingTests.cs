using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;
using Xunit;

namespace SeccompRecorder.Tests.Recording;

/// <summary>Denied calls and violations are counted apart (issue 16): audit lets violations run, expected denials are no violation.</summary>
public sealed class ViolationCountingTests : IAsyncLifetime
{
    private const int Keyctl = 250;
    private const int Clone3 = 435;
    private RecordingHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await RecordingHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task RecordCall_AuditAndExpected_CountedApartAndOneViolationEventWithItsReason()
    {
        await using EventStream events = new(ct => _harness.Registry.WatchEvents("c1", ct));
        ContainerPolicy audit = ContainerPolicyFactory.Standard.Create(
            EffectivePolicy.FromDefaults(PolicyDefaults.Standard) with { Mode = PolicyMode.Audit },
            "policy=audit\nreasons=runtime-default\nrules=v1 *:e1 clone3:e38",
            []);
        ContainerRecording container = _harness.Registry.Attach(RecordingHarness.Identity("c1"), _ => audit, 3954, isExec: false, initPidFd: null);

        foreach (int nr in new[] { Keyctl, Keyctl, Clone3 })
        {
            container.RecordCall(RecordingHarness.X86_64(nr), _harness.Clock.Now(), audit.Decide(RecordingHarness.X86_64(nr)));
        }

        ContainerSnapshot snapshot = container.Snapshot(includeSyscalls: true);
        Assert.Equal((3L, 2L), (snapshot.Notifications, snapshot.Violations));
        Assert.Equal(
            [("keyctl", 2L, 0L, 2L, "kernel keyring, not namespaced"), ("clone3", 1L, 1L, 0L, null)],
            snapshot.Syscalls.Select(s => (s.Name, s.Count, s.Denied, s.Violations, s.Reason)));
        List<RecorderEvent> received = await events.TakeAsync(4);
        RecorderEvent violation = Assert.Single(received, e => e.Kind == RecorderEventKind.Violation);
        Assert.Equal(("keyctl", 0L, 1L, "kernel keyring, not namespaced"), (violation.Syscall!.Name, violation.Syscall.Denied, violation.Syscall.Violations, violation.Syscall.Reason));
        Assert.NotEqual(0, container.LastViolationTicks);
        Assert.True(await events.IsQuietForAsync(TimeSpan.FromMilliseconds(100)), "clone3, an expected denial, raised a violation");
    }
}
