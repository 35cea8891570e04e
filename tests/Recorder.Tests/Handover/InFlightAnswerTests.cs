using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using SeccompRecorder.Agent;
using SeccompRecorder.Handover;
using SeccompRecorder.Native;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Integration;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Handover;

/// <summary>
/// The crash the in-flight slots are for, made on purpose: this test is the daemon, receives a real notification
/// (tests/helpers/notifyhand's child blocked in getppid), records it in a slot and "dies" without answering. The
/// kernel never hands that notification out again; only the slot lets a successor answer it.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class InFlightAnswerTests
{
    private readonly RuncEnvironment _env;

    public InFlightAnswerTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task ReceivedNotAnswered_SuccessorAnswersFromTheSlot_TaskCarriesOnAndTheCallIsCounted()
    {
        (NotifyHand hand, SeccompNotifyFd fd) = await HandOneFdAsync("inflight");
        await using NotifyHand handed = hand;
        using SeccompNotifyFd notifyFd = fd;
        InFlightSlots slots = InFlightSlots.Create("test-inflight", 4);
        using EventFd wake = new();
        Task<(int ExitCode, string[] Lines)> release = hand.ReleaseAsync(TestTimeouts.Default);

        // The dead daemon: RECV, slot written, no SEND.
        SeccompNotification received;
        using (NotifySession session = fd.OpenSession(wake.Handle))
        {
            session.TrackInFlight(slots.Slot(2));
            Assert.Equal(NotifyWaitResult.Readable, session.Wait());
            Assert.True(session.TryReceive(out received));
        }

        Assert.True(slots.TryReadInFlight(2, out SeccompNotification kept));
        Assert.Equal((received.Id, received.Nr, received.Arch), (kept.Id, kept.Nr, kept.Arch));
        Assert.False(release.IsCompleted, "the child finished a call nobody answered");
        await using RecordingHarness harness = await RecordingHarness.StartAsync();
        ContainerRecording container = harness.Registry.Attach(RecordingHarness.Identity("inflight-0"), RecordingHarness.RecordPolicy, 1, isExec: false, initPidFd: null);

        // The successor.
        bool answered = InFlightAnswer.TryAnswer(fd, slots, 2, container, harness.Clock, NullLogger.Instance);

        Assert.True(answered);
        Assert.Equal(1L, container.Notifications);
        Assert.False(InFlightAnswer.TryAnswer(fd, slots, 2, container, harness.Clock, NullLogger.Instance), "answered twice");
        Assert.False(InFlightAnswer.TryAnswer(fd, slots, 3, container, harness.Clock, NullLogger.Instance), "an empty slot answered");
        // The other two calls are served as a daemon would, then the child reports all three done.
        using (NotifySession session = fd.OpenSession(wake.Handle))
        {
            for (int i = 0; i < 2; i++)
            {
                Assert.Equal(NotifyWaitResult.Readable, session.Wait());
                Assert.True(session.TryReceive(out SeccompNotification next));
                Assert.True(session.TryContinue(next.Id));
            }
        }

        (int exitCode, string[] lines) = await release;
        Assert.True(exitCode == 0, string.Join('\n', lines));
        Assert.Contains(lines, l => l.EndsWith(" ok=3 errors=0 last_errno=0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KilledInsideRecv_SuccessorFindsTheNotificationAfterTheLastAnswered_TaskCarriesOn()
    {
        (NotifyHand hand, SeccompNotifyFd fd) = await HandOneFdAsync("inrecv");
        await using NotifyHand handed = hand;
        using SeccompNotifyFd notifyFd = fd;
        InFlightSlots slots = InFlightSlots.Create("test-inflight", 1);
        using EventFd wake = new();
        Task<(int ExitCode, string[] Lines)> release = hand.ReleaseAsync(TestTimeouts.Default);

        // The dead daemon answers the first call (the slot keeps its id), then is "killed inside RECV": the kernel
        // marks the second received, and the slot never hears of it.
        using (NotifySession session = fd.OpenSession(wake.Handle))
        {
            session.TrackInFlight(slots.Slot(0));
            Assert.Equal(NotifyWaitResult.Readable, session.Wait());
            Assert.True(session.TryReceive(out SeccompNotification first));
            Assert.True(session.TryContinue(first.Id));
        }

        using (NotifySession untracked = fd.OpenSession(wake.Handle))
        {
            Assert.Equal(NotifyWaitResult.Readable, untracked.Wait());
            Assert.True(untracked.TryReceive(out _));
        }

        Assert.False(slots.TryReadInFlight(0, out _));
        await using RecordingHarness harness = await RecordingHarness.StartAsync();
        ContainerRecording container = harness.Registry.Attach(RecordingHarness.Identity("inrecv-0"), RecordingHarness.RecordPolicy, 1, isExec: false, initPidFd: null);

        Assert.True(InFlightAnswer.TryAnswer(fd, slots, 0, container, harness.Clock, NullLogger.Instance));
        Assert.False(InFlightAnswer.TryAnswer(fd, slots, 0, container, harness.Clock, NullLogger.Instance), "answered twice");
        using (NotifySession session = fd.OpenSession(wake.Handle))
        {
            Assert.Equal(NotifyWaitResult.Readable, session.Wait());
            Assert.True(session.TryReceive(out SeccompNotification third));
            Assert.True(session.TryContinue(third.Id));
        }

        (int exitCode, string[] lines) = await release;
        Assert.True(exitCode == 0, string.Join('\n', lines));
        Assert.Contains(lines, l => l.EndsWith(" ok=3 errors=0 last_errno=0", StringComparison.Ordinal));
    }

    /// <summary>One notifyhand child (3 calls, waiting at its barrier) and the notify fd it handed over, as runc would.</summary>
    private async Task<(NotifyHand Hand, SeccompNotifyFd Fd)> HandOneFdAsync(string prefix)
    {
        string dir = Directory.CreateDirectory(Path.Combine(_env.TempDir, prefix + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        string listenerPath = Path.Combine(dir, "listener.sock");
        using Socket listener = new(UnixListenSocket.Bind(listenerPath, SocketType.Stream, 4));
        NotifyHand hand = NotifyHand.Start(_env.HelpersDir, listenerPath, 1, 3, prefix);
        using Socket connection = await listener.AcceptAsync().WaitAsync(TestTimeouts.Default);
        (ReceivedMessage? message, _, string detail) = await MessageReader.ReadAsync(connection, new AgentLimits(1 << 20, TimeSpan.FromSeconds(10)), CancellationToken.None);
        Assert.True(message is not null, detail);
        using (message)
        {
            SeccompNotifyFd fd = new(message!.Take(0));
            await hand.WaitAttachedAsync(1, TestTimeouts.Default);
            return (hand, fd);
        }
    }
}
