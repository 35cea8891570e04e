using System.Text.Json;
using SeccompRecorder.Handover;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Storage;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Handover;

/// <summary>
/// The hand-over is a format between daemon versions: what a released daemon wrote, every later build must read, or
/// an upgrade by takeover or by fd-store restart breaks the containers it serves. The golden files are the previous
/// release's own output (commit 9219c56, before runs), captured by serializing with that build.
/// </summary>
public sealed class HandoverFormatTests : IAsyncLifetime
{
    private static readonly string s_golden = Path.Combine(RepoPaths.Root, "tests", "Recorder.Tests", "Handover", "Golden");

    private RecordingHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await RecordingHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public void Parse_PreviousReleaseDocument_EveryContainerAsRunOneAndEveryListenerFindsItsRun()
    {
        HandoverDocument document = IncomingHandover.Parse(File.ReadAllBytes(Path.Combine(s_golden, "handover-v1-release-9219c56.json")));

        Assert.Equal("/run/seccomp-recorder/listener.sock", document.ListenerPath);
        Assert.Equal(
            [new RunKey(string.Empty, "live-1", 1), new RunKey(string.Empty, "gone-2", 1)],
            document.Containers.Select(c => c.Recording.Identity.Key));
        Assert.Equal([new RunKey(string.Empty, "live-1", 1), new RunKey(string.Empty, "live-1", 1)], document.Listeners.Select(l => l.Key));
        Assert.Null(document.Connections);

        StoredContainer live = document.Containers[0].Recording.ToStored();
        Assert.Equal((3954, "policy=log", "p"), (live.Identity.InitPid, live.Identity.Metadata, live.Identity.Kubernetes!.PodName));
        Assert.Equal(new EffectivePolicy(PolicyMode.Stop, PolicySource.Metadata, 38, PolicySource.Annotation, TimeSpan.FromSeconds(5), PolicySource.Default), live.Policy);
        Assert.Equal((9L, 1L, 2), (live.State.Notifications, live.State.Violations, live.State.ListenersTotal));
        Assert.NotNull(live.State.LastViolation);
        Assert.Equal(["x86_64:110:7:1", "x86:20:1:0", "x32:1:1:0"], live.Syscalls.Select(s => $"{s.Arch}:{s.Nr}:{s.Count}:{s.Denied}"));
        Assert.Equal("pidfd-0", document.Containers[0].InitPidFd);
        Assert.Equal("seccomp killed", document.Containers[1].Recording.State.Termination!.Reason);

        ContainerRecording restored = RecordingRestorer.Restore(live, _harness.Clock, _harness.Hub);
        Assert.Equal((new RunKey(string.Empty, "live-1", 1), 9L), (restored.Key, restored.Snapshot(includeSyscalls: true).Notifications));
    }

    [Fact]
    public void Deserialize_PreviousReleaseFdStoreMeta_RunOne()
    {
        FdStoreNotifyFd? meta = JsonSerializer.Deserialize(
            File.ReadAllBytes(Path.Combine(s_golden, "fdstore-meta-v1-release-9219c56.json")), HandoverJson.Default.FdStoreNotifyFd);

        Assert.NotNull(meta);
        Assert.Equal(("live-1-0", 3954, "inflight-1", 0), (meta.Fd, meta.Pid, meta.InFlight, meta.Slot));
        Assert.Equal(new RunKey(string.Empty, "live-1", 1), meta.Container.Identity.Key);
    }

    [Fact]
    public void RoundTrip_SecondRunInARuntimeNamespace_KeepsItsKeyAndTheListenersFindIt()
    {
        ContainerIdentity identity = RecordingHarness.Identity("app", initPid: 100) with { RuntimeNamespace = "ns-a" };
        ContainerRecording first = _harness.Registry.Attach(identity, RecordingHarness.RecordPolicy, 100, isExec: false, initPidFd: null);
        _harness.Registry.Detach(first);
        ContainerRecording second = _harness.Registry.Attach(identity with { InitPid = 200 }, RecordingHarness.RecordPolicy, 200, isExec: false, initPidFd: null);
        HandoverDocument sent = new(
            HandoverDocument.CurrentVersion,
            "/l",
            [new HandoverContainer(HandoverRecording.ToWire(first, _harness.Clock), null), new HandoverContainer(HandoverRecording.ToWire(second, _harness.Clock), "pidfd-0")],
            [new HandoverNotifyFd("notify-0", "app", 200, "ns-a", 2)],
            ["connection-0"]);

        HandoverDocument received = IncomingHandover.Parse(JsonSerializer.SerializeToUtf8Bytes(sent, HandoverJson.Default.HandoverDocument));

        Assert.Equal([first.Key, second.Key], received.Containers.Select(c => c.Recording.Identity.Key));
        Assert.Equal(second.Key, received.Listeners.Single().Key);
        Assert.Equal(["connection-0"], received.Connections);
    }

    [Fact]
    public void RoundTrip_ArgumentValues_RestoredAsRecorded()
    {
        ContainerRecording container = _harness.Registry.Attach(RecordingHarness.Identity("args"), RecordingHarness.RecordPolicy, 100, isExec: false, initPidFd: null);
        container.RecordCall(RecordingHarness.WithArgs(SeccompRecorder.Syscalls.ArchDecoder.AUDIT_ARCH_X86_64, 41, 38, 5, 0), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        container.RecordCall(RecordingHarness.WithArgs(SeccompRecorder.Syscalls.ArchDecoder.AUDIT_ARCH_X86_64, 54, 3, 1, 2), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));

        ContainerSnapshot restored = HandOverAndRestore(container);

        Assert.Equal(container.Snapshot(includeSyscalls: true).Syscalls, restored.Syscalls);
        Assert.Equal(["socket", "setsockopt"], restored.Syscalls.Where(s => s.Arguments is not null).Select(s => s.Name));
    }

    [Fact]
    public void RoundTrip_Paths_RestoredAsRecorded()
    {
        ContainerRecording container = _harness.Registry.Attach(RecordingHarness.Identity("paths"), RecordingHarness.RecordPolicy, 100, isExec: false, initPidFd: null);
        _harness.RecordDeniedPathCall(container, 161, "/newroot");

        ContainerSnapshot restored = HandOverAndRestore(container);

        Assert.Equal(container.Snapshot(includeSyscalls: true).Syscalls, restored.Syscalls);
        Assert.Equal("/newroot", Assert.Single(restored.Syscalls.Single().Paths!.Paths).Text);
    }

    // Through the hand-over document's bytes, then restored as the successor does; the container is detached here.
    private ContainerSnapshot HandOverAndRestore(ContainerRecording container)
    {
        HandoverDocument sent = new(HandoverDocument.CurrentVersion, "/l", [new HandoverContainer(HandoverRecording.ToWire(container, _harness.Clock), "pidfd-0")], [], null);
        HandoverDocument received = IncomingHandover.Parse(JsonSerializer.SerializeToUtf8Bytes(sent, HandoverJson.Default.HandoverDocument));
        StoredContainer stored = received.Containers.Single().Recording.ToStored();
        _harness.Registry.Detach(container);
        return RecordingRestorer.Restore(stored, _harness.Clock, _harness.Hub).Snapshot(includeSyscalls: true);
    }

    [Fact]
    public void RoundTrip_Executables_RestoredAsRecorded()
    {
        // This process is one to resolve (the test runner); pid 0 is a thread the daemon cannot see.
        ContainerRecording container = _harness.Registry.Attach(RecordingHarness.Identity("exes"), RecordingHarness.RecordPolicy, 100, isExec: false, initPidFd: null);
        container.RecordCall(RecordingHarness.Notification(SeccompRecorder.Syscalls.ArchDecoder.AUDIT_ARCH_X86_64, 110, (uint)Environment.ProcessId), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        container.RecordCall(RecordingHarness.Notification(SeccompRecorder.Syscalls.ArchDecoder.AUDIT_ARCH_X86_64, 63, pid: 0), _harness.Clock.Now(), RecordingHarness.Answer(denied: true));
        HandoverDocument sent = new(HandoverDocument.CurrentVersion, "/l", [new HandoverContainer(HandoverRecording.ToWire(container, _harness.Clock), "pidfd-0")], [], null);

        HandoverDocument received = IncomingHandover.Parse(JsonSerializer.SerializeToUtf8Bytes(sent, HandoverJson.Default.HandoverDocument));

        StoredContainer stored = received.Containers.Single().Recording.ToStored();
        _harness.Registry.Detach(container);
        ContainerSnapshot restored = RecordingRestorer.Restore(stored, _harness.Clock, _harness.Hub).Snapshot(includeSyscalls: true);
        Assert.Equal(container.Snapshot(includeSyscalls: true).Executables!, restored.Executables!);
        Assert.Equal(["(unknown)", Environment.ProcessPath!], restored.Executables!.Select(e => e.Path)); // one call each: by name
    }
}
