using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Storage;

/// <summary>
/// Every second, writes what changed in the registry's snapshots (never the hot path) in one transaction, and once a
/// minute drops containers past retention. On stop, one last complete flush: a kill -9 loses at most the last second.
/// A failed write (disk full, I/O) is logged once per streak, counted, and retried by the next flush.
/// </summary>
internal sealed class StoreFlusher : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private const int SweepEvery = 60;

    private readonly RecordingStore _store;
    private readonly ContainerRegistry _registry;
    private readonly ContainerRemoval _removal;
    private readonly DaemonCounters _counters;
    private readonly TimeProvider _time;
    private readonly ILogger<StoreFlusher> _logger;
    private readonly Lock _flushGate = new();
    private long _failureStreak;
    private bool _suspended;

    public StoreFlusher(
        RecordingStore store, ContainerRegistry registry, ContainerRemoval removal, DaemonCounters counters, TimeProvider time, ILogger<StoreFlusher> logger)
    {
        _store = store;
        _registry = registry;
        _removal = removal;
        _counters = counters;
        _time = time;
        _logger = logger;
    }

    /// <summary>One flush; false when the write failed (logged and counted). Does nothing while suspended.</summary>
    public bool Flush()
    {
        lock (_flushGate)
        {
            return _suspended || FlushLocked();
        }
    }

    /// <summary>
    /// A hand-over: one last flush, then none until <see cref="Resume"/>: the successor writes from now on, and a
    /// flush of this process's older snapshot must never land after one of its newer ones.
    /// </summary>
    public bool FlushAndSuspend()
    {
        lock (_flushGate)
        {
            _suspended = true;
            return FlushLocked();
        }
    }

    /// <summary>The hand-over failed: this process writes again.</summary>
    public void Resume()
    {
        lock (_flushGate)
        {
            _suspended = false;
        }
    }

    private bool FlushLocked()
    {
        try
        {
            int rows = _store.Save(_registry.ListContainers(includeSyscalls: true), _registry.Contains);
            if (rows > 0)
            {
                StorageLog.Flushed(_logger, rows);
            }

            if (_failureStreak > 0)
            {
                StorageLog.FlushRecovered(_logger, _store.FilePath, _failureStreak);
                _failureStreak = 0;
            }

            return true;
        }
        catch (SqliteException e)
        {
            _counters.StorageError();
            if (_failureStreak++ == 0)
            {
                StorageLog.FlushFailed(_logger, _store.FilePath, e.Message);
            }

            return false;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        // The loop has ended: this is the only writer now. Hosted services stop in reverse order, so the agent and
        // the notify threads have stopped and this snapshot is final.
        Flush();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using PeriodicTimer timer = new(Interval, _time);
        int ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Flush();
                if (++ticks % SweepEvery == 0)
                {
                    _removal.SweepExpired(_time.GetUtcNow());
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes the last flush.
        }
    }
}
