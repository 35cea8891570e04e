using Microsoft.Extensions.Logging.Abstractions;
using SeccompRecorder.Notify;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Paths;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Native;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Notify;

/// <summary>
/// A <see cref="NotifyDispatcher"/> wired as the daemon wires it (registry, counters, no fd journal, the real clock),
/// with a <see cref="HandedFdInbox"/> in front: fds a runtime hands over are attached to their container and served as
/// the agent does. Stops the dispatcher on dispose.
/// </summary>
internal sealed class DispatcherHarness : IAsyncDisposable
{
    private static readonly ContainerPolicy RecordPolicy = new(EffectivePolicy.FromDefaults(PolicyDefaults.Standard));

    private readonly List<Integration.NotifyHand> _hands = [];

    private DispatcherHarness(string directory, NotifyWait wait)
    {
        Clock = new RecorderClock(TimeProvider.System);
        Hub = new EventHub(Clock);
        Counters = new DaemonCounters(Clock);
        Registry = new ContainerRegistry(Clock, Hub, Counters);
        Dispatcher = new NotifyDispatcher(Registry, Counters, new NoNotifyFdJournal(), Clock, new NotifySettings(wait), new PathReadCounters(whenAllowed: false), NullLogger<NotifyDispatcher>.Instance);
        Inbox = new HandedFdInbox(Path.Combine(directory, "listener.sock"));
    }

    /// <summary>This process's notify threads before the harness started: what every test must come back to.</summary>
    public int ThreadsAtStart { get; } = NotifyThreads.Count();

    public RecorderClock Clock { get; }

    public EventHub Hub { get; }

    public DaemonCounters Counters { get; }

    public ContainerRegistry Registry { get; }

    public NotifyDispatcher Dispatcher { get; }

    public HandedFdInbox Inbox { get; }

    /// <summary>Starts a dispatcher whose workers wait as <paramref name="wait"/> says: "recv", "poll" or "auto".</summary>
    public static async Task<DispatcherHarness> StartAsync(string directory, string wait = "auto")
    {
        Assert.True(NotifyWaitNames.TryParse(wait, out NotifyWait parsed), wait);
        DispatcherHarness harness = new(Directory.CreateDirectory(directory).FullName, parsed);
        await harness.Hub.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await harness.Dispatcher.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        return harness;
    }

    /// <summary>
    /// Starts tests/helpers/notifyhand: <paramref name="children"/> processes that each hand a notify fd to
    /// <see cref="Inbox"/> and wait for the release to make <paramref name="calls"/> notified calls. Returns once every
    /// fd has arrived; killed on dispose, before the dispatcher stops.
    /// </summary>
    public async Task<Integration.NotifyHand> HandOverAsync(string helpersDir, int children, int calls, string idPrefix)
    {
        Integration.NotifyHand hand = Integration.NotifyHand.Start(helpersDir, Inbox.Path, children, calls, idPrefix);
        _hands.Add(hand);
        await hand.WaitAttachedAsync(children, TestTimeouts.Default);
        return hand;
    }

    /// <summary>The next fd handed over, attached to its container as the agent attaches it; not served yet.</summary>
    public async Task<Served> AttachNextAsync()
    {
        HandedFd handed = await Inbox.ReceiveAsync(TestTimeouts.Default);
        ContainerIdentity identity = new(
            handed.State.State.Id, handed.State.State.Pid, handed.State.State.Bundle, handed.State.OciVersion,
            handed.State.State.Annotations, handed.State.Metadata, null);
        ContainerRecording container = Registry.Attach(identity, RecordPolicy, handed.State.Pid, handed.State.State.IsExec, null);
        return new Served(handed.Fd, container, handed.State.Pid);
    }

    /// <summary>The next <paramref name="count"/> fds handed over, each attached and served.</summary>
    public async Task<IReadOnlyList<Served>> ServeNextAsync(int count)
    {
        List<Served> served = [];
        for (int i = 0; i < count; i++)
        {
            Served next = await AttachNextAsync();
            Dispatcher.Serve(next.Fd, next.Container, next.Pid);
            served.Add(next);
        }

        return served;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Integration.NotifyHand hand in _hands)
        {
            await hand.DisposeAsync();
        }

        using CancellationTokenSource deadline = new(TestTimeouts.Default);
        await Dispatcher.StopAsync(deadline.Token).WaitAsync(TestTimeouts.Default);
        Dispatcher.Dispose();
        await Inbox.DisposeAsync();
        await Hub.StopAsync(deadline.Token).WaitAsync(TestTimeouts.Default);
        Hub.Dispose();
    }

    /// <summary>An fd given to the dispatcher, kept by the test to see that it was closed.</summary>
    internal sealed record Served(SeccompRecorder.Native.SeccompNotifyFd Fd, ContainerRecording Container, int Pid);
}
