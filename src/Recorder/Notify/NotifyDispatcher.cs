using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Native;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Notify;

/// <summary>Starts a <see cref="NotifyWorker"/> per notify fd, retires them, and stops them all on shutdown.</summary>
internal sealed class NotifyDispatcher : IHostedService, IDisposable
{
    private readonly ContainerRegistry _registry;
    private readonly DaemonCounters _counters;
    private readonly INotifyFdJournal _journal;
    private readonly EventFd _stop = new();
    private readonly Lock _gate = new();
    private readonly HashSet<NotifyWorker> _workers = [];
    private readonly List<ParkedListener> _parked = [];
    private readonly HistogramSnapshot.Builder _retiredLatency = new();
    private bool _noSyncWakeUpLogged;
    private bool _stopping;
    private bool _parking;

    public NotifyDispatcher(ContainerRegistry registry, DaemonCounters counters, INotifyFdJournal journal, RecorderClock clock, ILogger<NotifyDispatcher> logger)
    {
        _registry = registry;
        _counters = counters;
        _journal = journal;
        Clock = clock;
        Logger = logger;
    }

    internal ILogger Logger { get; }

    internal RecorderClock Clock { get; }

    internal SafeFdHandle StopSignal => _stop.Handle;

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
    /// keeps a copy of it, unless <paramref name="journal"/> says it already does (an fd served again).
    /// </summary>
    public void Serve(SeccompNotifyFd fd, ContainerRecording container, int pid, object? journal = null)
    {
        journal ??= _journal.Opened(fd, container, pid);
        NotifyWorker worker = new(fd, container, pid, journal, this);
        lock (_gate)
        {
            if (_parking)
            {
                // Arrived while the fds are being gathered for a hand-over: it goes with them, unserved till then.
                _parked.Add(new ParkedListener(fd, container, pid, journal));
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
                    NotifyLog.NoThread(Logger, e, container.Id, pid);
                }
            }
        }

        fd.Dispose();
        ForgetJournal(journal);
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
            NotifyLog.ClosingOpenFds(Logger, workers.Length);
        }

        _stop.Signal();
        foreach (NotifyWorker worker in workers)
        {
            worker.Join(TimeSpan.FromSeconds(5));
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _stop.Dispose();

    /// <summary>
    /// Stops every worker without closing its fd, for a hand-over: each answers the notification it holds, then parks.
    /// Notifications that arrive meanwhile wait in the kernel. Returns every parked fd, still owned by this dispatcher.
    /// </summary>
    public IReadOnlyList<ParkedListener> Park(TimeSpan joinTimeout)
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

        _stop.Signal();
        foreach (NotifyWorker worker in workers)
        {
            if (!worker.Join(joinTimeout))
            {
                NotifyLog.WorkerDidNotPark(Logger, worker.Container.Id, worker.Pid);
            }
        }

        lock (_gate)
        {
            return [.. _parked];
        }
    }

    /// <summary>The hand-over failed: serve the parked fds again, as before.</summary>
    public void Unpark()
    {
        ParkedListener[] parked;
        lock (_gate)
        {
            if (!_parking)
            {
                return;
            }

            _stop.Reset();
            _parking = false;
            parked = [.. _parked];
            _parked.Clear();
        }

        foreach (ParkedListener listener in parked)
        {
            Serve(listener.Fd, listener.Container, listener.Pid, listener.Journal);
        }
    }

    /// <summary>The successor serves the parked fds now: close this process's copies and serve nothing more.</summary>
    public int ReleaseParked()
    {
        ParkedListener[] parked;
        lock (_gate)
        {
            _stopping = true;
            parked = [.. _parked];
            _parked.Clear();
        }

        foreach (ParkedListener listener in parked)
        {
            listener.Fd.Dispose();
        }

        return parked.Length;
    }

    internal bool TryPark(NotifyWorker worker)
    {
        lock (_gate)
        {
            if (!_parking)
            {
                return false;
            }

            _workers.Remove(worker);
            worker.Latency.AddTo(_retiredLatency);
            _parked.Add(new ParkedListener(worker.Fd, worker.Container, worker.Pid, worker.Journal));
            return true;
        }
    }

    internal nint InFlightSlot(object? journal) => journal is null ? 0 : _journal.InFlightSlot(journal);

    private void ForgetJournal(object? journal)
    {
        if (journal is not null)
        {
            _journal.Closed(journal);
        }
    }

    /// <summary>Off the common path: a SEND found its target gone.</summary>
    internal void Withdrawn() => _counters.NotificationWithdrawn();

    internal void ReportSyncWakeUp(bool enabled)
    {
        _counters.ReportSyncWakeUp(enabled);
        if (!enabled && !_noSyncWakeUpLogged)
        {
            _noSyncWakeUpLogged = true;
            NotifyLog.NoSyncWakeUp(Logger);
        }
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
                worker.Latency.AddTo(total);
            }

            return total.Build();
        }
    }

    internal void Retire(NotifyWorker worker, ContainerRecording container)
    {
        lock (_gate)
        {
            _workers.Remove(worker);
            worker.Latency.AddTo(_retiredLatency);
        }

        ForgetJournal(worker.Journal);
        _registry.Detach(container);
        if (!container.IsRunning)
        {
            NotifyLog.ContainerExited(Logger, container.Id, container.Notifications);
        }
    }
}
