using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Native;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Paths;

namespace SeccompRecorder.Notify;

/// <summary>
/// Starts a <see cref="NotifyWorker"/> per notify fd with its <see cref="NotifyWorkerContext"/>, retires or parks each
/// as it reports its end, and stops them all on shutdown. Owns every fd it was given until it closes or releases it.
/// </summary>
internal sealed class NotifyDispatcher : IHostedService, IDisposable, INotifyWorkerLifetimeHandler
{
    private readonly ContainerRegistry _registry;
    private readonly DaemonCounters _counters;
    private readonly INotifyFdJournal _journal;
    private readonly RecorderClock _clock;
    private readonly ILogger _logger;
    private readonly SyncWakeUpReport _syncWakeUp;
    private readonly PathReadCounters _pathCounters;
    private readonly NotifyWakeUp _wakeUp;
    private readonly Lock _gate = new();
    private readonly HashSet<NotifyWorker> _workers = [];
    private readonly List<ParkedNotifyFd> _parked = [];
    private readonly HistogramSnapshot.Builder _retiredLatency = new();
    private bool _stopping;
    private bool _parking;

    public NotifyDispatcher(
        ContainerRegistry registry,
        DaemonCounters counters,
        INotifyFdJournal journal,
        RecorderClock clock,
        NotifySettings settings,
        PathReadCounters pathCounters,
        ILogger<NotifyDispatcher> logger)
    {
        _registry = registry;
        _counters = counters;
        _journal = journal;
        _clock = clock;
        _logger = logger;
        _pathCounters = pathCounters;
        _syncWakeUp = new SyncWakeUpReport(counters, logger);
        _wakeUp = NotifyWakeUp.Create(settings.Wait, Environment.OSVersion.Version, logger);
    }

    /// <summary>True when the notify threads block in RECV alone; false when they poll first.</summary>
    public bool BlocksInReceive => _wakeUp.BlocksInReceive;

    public int OpenCount
    {
        get
        {
            lock (_gate)
            {
                return _workers.Count;
            }
        }
    }

    /// <summary>
    /// Serves <paramref name="fd"/> for <paramref name="container"/> from now on; takes ownership of the fd. The journal
    /// keeps a copy of it.
    /// </summary>
    public void Serve(SeccompNotifyFd fd, ContainerRecording container, int pid) =>
        Serve(fd, container, pid, _journal.Opened(fd, container, pid));

    // An fd served again after a failed hand-over keeps the journal entry it had.
    private void Serve(SeccompNotifyFd fd, ContainerRecording container, int pid, INotifyFdJournalEntry? journal)
    {
        NotifyWorker worker = new(new NotifyWorkerContext(fd, container, pid, journal, _clock, _wakeUp, _counters, _syncWakeUp, _pathCounters, this, _logger));
        lock (_gate)
        {
            if (_parking)
            {
                // Arrived while the fds are being gathered for a hand-over: it goes with them, unserved till then.
                _parked.Add(new ParkedNotifyFd(fd, container, pid, journal));
                return;
            }

            // Started under the gate: StopAsync must never see (and Join) a worker whose thread has not started.
            if (!_stopping)
            {
                try
                {
                    worker.Start();
                    _workers.Add(worker);
                    return;
                }
                catch (OutOfMemoryException e)
                {
                    // No thread to be had (pids.max, threads-max, memory): nothing would serve this fd, and a kept fd
                    // would hang its container's notified calls for good. Closing it fails them with ENOSYS instead.
                    NotifyLog.NoThread(_logger, e, container.Id, pid);
                }
            }
        }

        fd.Dispose();
        journal?.Closed();
        _registry.Detach(container);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        NotifyWorker[] workers;
        lock (_gate)
        {
            _stopping = true;
            workers = [.. _workers];
        }

        if (workers.Length > 0)
        {
            NotifyLog.ClosingOpenFds(_logger, workers.Length);
        }

        StopAll(workers, TimeSpan.FromSeconds(5));
        return Task.CompletedTask;
    }

    public void Dispose() => _wakeUp.Dispose();

    /// <summary>
    /// Stops every worker without closing its fd, for a hand-over: each answers the notification it holds, then parks.
    /// Notifications that arrive meanwhile wait in the kernel. Returns every parked fd, still owned by this dispatcher.
    /// </summary>
    public IReadOnlyList<ParkedNotifyFd> Park(TimeSpan joinTimeout)
    {
        NotifyWorker[] workers;
        lock (_gate)
        {
            if (_stopping || _parking)
            {
                throw new InvalidOperationException(_stopping ? "the notify dispatcher is stopping" : "the notify fds are already parked");
            }

            _parking = true;
            workers = [.. _workers];
        }

        foreach (NotifyWorker worker in StopAll(workers, joinTimeout))
        {
            NotifyLog.WorkerDidNotPark(_logger, worker.Context.Container.Id, worker.Context.Pid);
        }

        lock (_gate)
        {
            return [.. _parked];
        }
    }

    /// <summary>The hand-over failed: serve the parked fds again, as before.</summary>
    public void Unpark()
    {
        ParkedNotifyFd[] parked;
        lock (_gate)
        {
            if (!_parking)
            {
                return;
            }

            _wakeUp.Reset();
            _parking = false;
            parked = [.. _parked];
            _parked.Clear();
        }

        foreach (ParkedNotifyFd listener in parked)
        {
            Serve(listener.Fd, listener.Container, listener.Pid, listener.Journal);
        }
    }

    /// <summary>The successor serves the parked fds now: close this process's copies and serve nothing more.</summary>
    public int ReleaseParked()
    {
        ParkedNotifyFd[] parked;
        lock (_gate)
        {
            _stopping = true;
            parked = [.. _parked];
            _parked.Clear();
        }

        foreach (ParkedNotifyFd listener in parked)
        {
            listener.Fd.Dispose();
        }

        return parked.Length;
    }

    // Asks every worker to stop, then waits for each (waking a blocked RECV again while it has not ended). Returns
    // those that did not end within the timeout, each given the whole timeout.
    private List<NotifyWorker> StopAll(NotifyWorker[] workers, TimeSpan timeout)
    {
        _wakeUp.Request();
        foreach (NotifyWorker worker in workers)
        {
            worker.Wake(); // all at once first: they stop side by side, not one after another
        }

        List<NotifyWorker> stuck = [];
        foreach (NotifyWorker worker in workers)
        {
            if (!worker.Stop(timeout))
            {
                stuck.Add(worker);
            }
        }

        return stuck;
    }

    /// <summary>Handling time of every notification answered so far: retired workers plus live ones.</summary>
    public HistogramSnapshot LatencySnapshot()
    {
        lock (_gate)
        {
            HistogramSnapshot.Builder total = new();
            for (int i = 0; i < total.Buckets.Length; i++)
            {
                total.Buckets[i] = _retiredLatency.Buckets[i];
            }

            total.SumSeconds = _retiredLatency.SumSeconds;
            foreach (NotifyWorker worker in _workers)
            {
                worker.Context.Latency.AddTo(total);
            }

            return total.Build();
        }
    }

    /// <summary>
    /// A worker's thread is ending. Stopped for a hand-over: its fd stays open (the kernel queues the next notifications
    /// for the successor instead of failing them with ENOSYS). Otherwise the fd is closed and the container loses one.
    /// </summary>
    void INotifyWorkerLifetimeHandler.OnWorkerEnded(NotifyWorker worker, NotifyWorkerEnd end)
    {
        if (end == NotifyWorkerEnd.Stopped && TryPark(worker))
        {
            return;
        }

        NotifyWorkerContext context = worker.Context;
        context.Fd.Dispose();
        lock (_gate)
        {
            _workers.Remove(worker);
            context.Latency.AddTo(_retiredLatency);
        }

        context.Journal?.Closed();
        _registry.Detach(context.Container);
        if (!context.Container.IsRunning)
        {
            NotifyLog.ContainerExited(_logger, context.Container.Id, context.Container.Notifications);
        }
    }

    private bool TryPark(NotifyWorker worker)
    {
        NotifyWorkerContext context = worker.Context;
        lock (_gate)
        {
            if (!_parking)
            {
                return false;
            }

            _workers.Remove(worker);
            context.Latency.AddTo(_retiredLatency);
            _parked.Add(new ParkedNotifyFd(context.Fd, context.Container, context.Pid, context.Journal));
            return true;
        }
    }
}
