using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using SeccompRecorder.Recording.Paths;

namespace SeccompRecorder.Recording;

/// <summary>
/// Fans events out to watchers. Producers (notify threads, the agent) only enqueue a struct into a single-consumer
/// channel, which is lock-free on the write side unless the pump is parked; the pump builds the events and offers them
/// to each watcher's bounded queue.
/// </summary>
internal sealed class EventHub : BackgroundService
{
    // Per watcher: a slow gRPC client loses its oldest events rather than making the daemon buffer without bound.
    private const int WatcherCapacity = 4096;

    private readonly Channel<PendingEvent> _inbox = Channel.CreateUnbounded<PendingEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });

    private readonly RecorderClock _clock;
    private readonly Lock _watchersGate = new();
    private Watcher[] _watchers = [];

    public EventHub(RecorderClock clock) => _clock = clock;

    public void Publish(in PendingEvent pending) => _inbox.Writer.TryWrite(pending);

    /// <summary>
    /// A runtime connection refused: no recording to point at, so built here and offered to the watchers at once (off
    /// the hot path: the agent's connection task).
    /// </summary>
    public void PublishRejected(string containerId, int pid, string detail)
    {
        RecorderEvent rejected = new(RecorderEventKind.Rejected, _clock.ToWallClock(_clock.Now()), containerId, pid, null, 0, detail);
        foreach (Watcher watcher in Volatile.Read(ref _watchers))
        {
            if (watcher.ContainerId is null || string.Equals(watcher.ContainerId, containerId, StringComparison.Ordinal))
            {
                watcher.Queue.Writer.TryWrite(rejected);
            }
        }
    }

    public async IAsyncEnumerable<RecorderEvent> Watch(string? containerId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Watcher watcher = new(containerId, Channel.CreateBounded<RecorderEvent>(
            new BoundedChannelOptions(WatcherCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false }));
        lock (_watchersGate)
        {
            _watchers = [.. _watchers, watcher];
        }

        try
        {
            await foreach (RecorderEvent item in watcher.Queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            lock (_watchersGate)
            {
                _watchers = Array.FindAll(_watchers, w => !ReferenceEquals(w, watcher));
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (PendingEvent pending in _inbox.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                Watcher[] watchers = Volatile.Read(ref _watchers);
                if (watchers.Length == 0)
                {
                    continue;
                }

                RecorderEvent built = Build(pending);
                foreach (Watcher watcher in watchers)
                {
                    if (watcher.ContainerId is null || string.Equals(watcher.ContainerId, built.ContainerId, StringComparison.Ordinal))
                    {
                        watcher.Queue.Writer.TryWrite(built);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        finally
        {
            foreach (Watcher watcher in Volatile.Read(ref _watchers))
            {
                watcher.Queue.Writer.TryComplete();
            }
        }
    }

    private RecorderEvent Build(in PendingEvent pending)
    {
        SyscallSnapshot? syscall = null;
        if (pending.Kind is RecorderEventKind.SyscallFirstSeen or RecorderEventKind.Violation or RecorderEventKind.PathSeen)
        {
            // A violation event's call broke the policy, and was denied but under audit, which lets it run.
            long violations = pending.Kind == RecorderEventKind.Violation ? 1 : 0;
            long denied = pending.Container.Policy.Effective.Mode == Policy.PolicyMode.Audit ? 0 : violations;
            syscall = pending.Container.ToSnapshot(
                new SyscallCount(pending.Arch, pending.AuditArch, pending.Nr, 1, denied, pending.Ticks, pending.Ticks, violations), includeArguments: false);
        }

        PathCount? path = pending.Path is { } kept ? new PathCount(kept.Bytes, kept.Truncated, 1) : null;
        return new RecorderEvent(pending.Kind, _clock.ToWallClock(pending.Ticks), pending.Container.Id, pending.Pid, syscall, pending.Container.Key.Run, Path: path);
    }

    private sealed record Watcher(string? ContainerId, Channel<RecorderEvent> Queue);
}
