using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>
/// A fixed recording: c1 running (Kubernetes pod, two syscalls, one of them unnamed), c2 exited, and
/// "boom", whose lookup throws. WatchEvents replays five events, filtered by container, then waits.
/// </summary>
internal sealed class FakeRecordingReader : IRecordingReader
{
    public const string ThrowingId = "boom";

    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static readonly SyscallSnapshot Getpid =
        new(SyscallArch.X86_64, "x86_64", 39, "getpid", 7, 7, T0.AddSeconds(1), T0.AddSeconds(5));

    private static readonly SyscallSnapshot Unnamed =
        new(SyscallArch.X86, "x86", 999, null, 1, 1, T0.AddSeconds(2), T0.AddSeconds(2));

    private readonly ConcurrentQueue<string?> _endedWatchers = new();
    private int _startedWatchers;

    public IReadOnlyList<ContainerSnapshot> Containers { get; } =
    [
        new ContainerSnapshot(
            "c1", ContainerLifecycle.Running, T0, T0.AddSeconds(5), null, 4242, "/tmp/bundle/c1", "1.0.2-dev",
            new Dictionary<string, string> { ["io.kubernetes.pod.name"] = "web-0" }, "policy=log",
            new KubernetesIdentity("web-0", "default", "nginx", "uid-1"), string.Empty, 1, 2, 1, 8, 8,
            new EffectivePolicy(PolicyMode.Log, PolicySource.Metadata, 38, PolicySource.Default, TimeSpan.FromSeconds(5), PolicySource.Default),
            null, [Getpid, Unnamed]),
        new ContainerSnapshot(
            "c2", ContainerLifecycle.Exited, T0, T0.AddSeconds(3), T0.AddSeconds(4), 4343, "/tmp/bundle/c2", "1.0.2",
            new Dictionary<string, string>(), string.Empty, null, string.Empty, 1, 1, 0, 0, 0, EffectivePolicy.FromDefaults(PolicyDefaults.Standard), null, []),
    ];

    public IReadOnlyList<RecorderEvent> Events { get; } =
    [
        new RecorderEvent(RecorderEventKind.ContainerAttached, T0, "c1", 4242, null),
        new RecorderEvent(RecorderEventKind.ContainerAttached, T0.AddSeconds(1), "c2", 4343, null),
        new RecorderEvent(RecorderEventKind.SyscallFirstSeen, T0.AddSeconds(1), "c1", 4242, Getpid),
        new RecorderEvent(RecorderEventKind.ExecAttached, T0.AddSeconds(2), "c1", 4250, null),
        new RecorderEvent(RecorderEventKind.ContainerExited, T0.AddSeconds(4), "c2", 0, null),
    ];

    /// <summary>How many WatchEvents enumerations have finished, for whatever reason.</summary>
    public int WatchersEnded => _endedWatchers.Count;

    /// <summary>How many WatchEvents enumerations have begun.</summary>
    public int WatchersStarted => Volatile.Read(ref _startedWatchers);

    public IReadOnlyList<ContainerSnapshot> ListContainers(bool includeSyscalls) =>
        includeSyscalls ? Containers : Containers.Select(c => c with { Syscalls = [] }).ToList();

    public ContainerLookup Lookup(string idOrPrefix, int run, bool includeSyscalls)
    {
        if (idOrPrefix == ThrowingId)
        {
            throw new InvalidOperationException("secret internal detail");
        }

        string? id = ContainerLookup.ResolveId(Containers.Select(c => c.Id), idOrPrefix, out IReadOnlyList<string> matches);
        if (id is null)
        {
            return new ContainerLookup(matches.Count > 0 ? LookupStatus.Ambiguous : LookupStatus.NotFound, idOrPrefix, null, matches);
        }

        ContainerSnapshot? container = Containers.Where(c => c.Id == id && (run == 0 || c.Run == run)).MaxBy(c => c.Run);
        return container is null
            ? new ContainerLookup(LookupStatus.RunNotFound, id, null, [])
            : new ContainerLookup(LookupStatus.Found, id, includeSyscalls ? container : container with { Syscalls = [] }, []);
    }

    public async IAsyncEnumerable<RecorderEvent> WatchEvents(
        string? containerId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _startedWatchers);
        try
        {
            foreach (RecorderEvent recorderEvent in Events)
            {
                if (containerId is null || recorderEvent.ContainerId == containerId)
                {
                    yield return recorderEvent;
                }
            }

            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        finally
        {
            _endedWatchers.Enqueue(containerId);
        }
    }

    public DaemonStatus GetStatus() =>
        new("0.1.0-test", T0, 1, 2, 1, 8, true, 123456, 3, 0, 0, ["clone3"]);
}
