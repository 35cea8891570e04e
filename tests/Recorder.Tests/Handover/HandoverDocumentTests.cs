using System.Text;
using System.Text.Json;
using SeccompRecorder.Handover;
using SeccompRecorder.Native;
using SeccompRecorder.Recording;
using SeccompRecorder.Storage;
using SeccompRecorder.Syscalls;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Handover;

public sealed class HandoverDocumentTests : IAsyncLifetime
{
    private RecordingHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await RecordingHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public void RoundTrip_RunningContainer_SameRecordingAndLastViolation()
    {
        ContainerRecording live = _harness.Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        _harness.Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 4000, isExec: true, initPidFd: null);
        for (int i = 0; i < 7; i++)
        {
            _harness.Time.Advance(TimeSpan.FromMilliseconds(5));
            live.RecordCall(RecordingHarness.X86_64(110), _harness.Clock.Now(), RecordingHarness.Answer(denied: i == 3));
        }

        live.RecordCall(RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_X86_64, ArchDecoder.X32_SYSCALL_BIT | 1), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        live.RecordCall(RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_I386, 20), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        long lastViolation = live.LastViolationTicks;
        HandoverDocument sent = new(HandoverDocument.CurrentVersion, "/run/x/listener.sock", [new HandoverContainer(HandoverRecording.ToWire(live, _harness.Clock), "pidfd-0")], [new HandoverNotifyFd("notify-0", "c1", 3954), new HandoverNotifyFd("notify-1", "c1", 4000)]);

        HandoverDocument received = IncomingHandover.Parse(JsonSerializer.SerializeToUtf8Bytes(sent, HandoverJson.Default.HandoverDocument));
        ContainerRecording restored = RecordingRestorer.Restore(received.Containers.Single().Recording.ToStored(), _harness.Clock, _harness.Hub);
        restored.ListenerAdopted(null);
        restored.ListenerAdopted(null);

        ContainerSnapshot before = live.Snapshot(includeSyscalls: true);
        ContainerSnapshot after = restored.Snapshot(includeSyscalls: true);
        Assert.Equal(before with { Syscalls = [], Annotations = after.Annotations, Executables = null }, after with { Syscalls = [], Executables = null });
        Assert.Equal(before.Annotations, after.Annotations);
        Assert.Equal(before.Syscalls, after.Syscalls);
        Assert.Equal(before.Executables!, after.Executables!);
        Assert.Equal((ContainerLifecycle.Running, 2, 2), (after.State, after.ListenersTotal, after.ListenersOpen));
        Assert.Equal(_harness.Clock.ToWallClock(lastViolation), _harness.Clock.ToWallClock(restored.LastViolationTicks));
        Assert.Equal(sent.Listeners, received.Listeners);
        Assert.Equal("pidfd-0", received.Containers.Single().InitPidFd);
    }

    [Fact]
    public void RoundTrip_Coverage_CarriedWithTheIdentity()
    {
        ContainerRecording live = _harness.Registry.Attach(
            RecordingHarness.Identity("c1") with { Coverage = Storage.RecordingStoreTests.Coverage }, RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        HandoverDocument sent = new(HandoverDocument.CurrentVersion, "/run/x/listener.sock", [new HandoverContainer(HandoverRecording.ToWire(live, _harness.Clock), "pidfd-0")], []);

        HandoverDocument received = IncomingHandover.Parse(JsonSerializer.SerializeToUtf8Bytes(sent, HandoverJson.Default.HandoverDocument));
        ContainerRecording restored = RecordingRestorer.Restore(received.Containers.Single().Recording.ToStored(), _harness.Clock, _harness.Hub);

        Assert.Equal(Storage.RecordingStoreTests.Coverage, restored.Snapshot(includeSyscalls: false).Coverage);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"Version":2,"ListenerPath":"/l","Containers":[],"Listeners":[]}""", "version 2; this daemon reads version 1")]
    [InlineData("""{"Version":1,"Containers":[],"Listeners":[]}""", "lacks its containers, listeners or listener path")]
    [InlineData("""{"Version":1,"ListenerPath":"/l","Containers":[],"Listeners":[{"Fd":"notify-0","ContainerId":"ghost","Pid":1}]}""", "for a container it does not list (ghost)")]
    [InlineData("""{"Version":1,"ListenerPath":"/l","Containers":[{"Recording":null}],"Listeners":[]}""", "without an id")]
    public void Parse_BadDocument_SaysWhy(string json, string expected)
    {
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => IncomingHandover.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_StateMemfd_ReadsDocumentAndKeepsTheOtherFds()
    {
        HandoverDocument sent = new(HandoverDocument.CurrentVersion, "/l", [], []);
        SafeFdHandle state = MemFd.Create("test-state", JsonSerializer.SerializeToUtf8Bytes(sent, HandoverJson.Default.HandoverDocument));
        EventFd other = new();

        using IncomingHandover handover = IncomingHandover.From([new NamedFd(HandoverNames.State, state), new NamedFd("notify-0", other.Handle)]);

        Assert.Equal("/l", handover.Document!.ListenerPath);
        Assert.True(state.IsClosed);
        Assert.Equal(["notify-0"], handover.Names);
        Assert.Same(other.Handle, handover.Take("notify-0"));
        Assert.Null(handover.Take("notify-0"));
        other.Dispose();
    }

    [Fact]
    public void From_SameNameTwice_RefusedAndEveryFdClosed()
    {
        EventFd a = new();
        EventFd b = new();

        Assert.Throws<InvalidDataException>(() => IncomingHandover.From([new NamedFd("x", a.Handle), new NamedFd("x", b.Handle)]));
        Assert.True(a.Handle.IsClosed && b.Handle.IsClosed);
    }

    [Fact]
    public void MemFd_IsSealed_ReadsBackAndRefusesWrites()
    {
        using SafeFdHandle fd = MemFd.Create("sealed", "hello"u8);

        Assert.Equal("hello"u8.ToArray(), MemFd.ReadAll(fd, 100));
        Assert.Throws<InvalidDataException>(() => MemFd.ReadAll(fd, 4));
        using Microsoft.Win32.SafeHandles.SafeFileHandle file = new(fd.DangerousGetHandle(), ownsHandle: false);
        Assert.Throws<UnauthorizedAccessException>(() => RandomAccess.Write(file, "x"u8, 0));
    }
}
