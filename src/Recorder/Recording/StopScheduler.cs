using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Native;
using SeccompRecorder.Policy;

namespace SeccompRecorder.Recording;

/// <summary>
/// Kills stop-policy containers once their grace window after the last violation has passed, as CRI-O's notifier
/// does: every violation moves the deadline, so a burst is collected before the kill. The hot path only stamps the
/// last violation; this scan, every <see cref="Period"/>, does the rest. The kill goes through the pidfd held since the
/// container's first fd arrived, never through a pid number that may have been reused.
/// </summary>
internal sealed class StopScheduler : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);
    private const int SIGKILL = 9;

    private readonly ContainerRegistry _registry;
    private readonly DaemonCounters _counters;
    private readonly RecorderClock _clock;
    private readonly ILogger _logger;
    private readonly HashSet<RunKey> _unstoppableLogged = [];
    private readonly Lock _scanGate = new();
    private bool _suspended;

    public StopScheduler(ContainerRegistry registry, DaemonCounters counters, RecorderClock clock, ILogger<StopScheduler> logger)
    {
        _registry = registry;
        _counters = counters;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>One scan at the clock's now. Single-threaded: called by the periodic loop (or a test).</summary>
    public void Tick()
    {
        lock (_scanGate)
        {
            if (!_suspended)
            {
                Scan();
            }
        }
    }

    /// <summary>For a hand-over: no kill from this process until <see cref="Resume"/>; a scan under way ends first.</summary>
    public void Suspend()
    {
        lock (_scanGate)
        {
            _suspended = true;
        }
    }

    public void Resume()
    {
        lock (_scanGate)
        {
            _suspended = false;
        }
    }

    private void Scan()
    {
        long now = _clock.Now();
        foreach (ContainerRecording container in _registry.Containers)
        {
            EffectivePolicy policy = container.Policy.Effective;
            long lastViolation = container.LastViolationTicks;

            // A container that exited on its own before its deadline was not killed by us.
            if (policy.Mode != PolicyMode.Stop || lastViolation == 0 || !container.IsRunning || container.Termination is not null)
            {
                continue;
            }

            if (container.TryAnnounceStop())
            {
                _registry.Publish(RecorderEventKind.StopScheduled, container);
                PolicyLog.StopScheduled(_logger, container.Id, DurationText.Format(policy.Grace));
            }

            if (_clock.Elapsed(lastViolation, now) >= policy.Grace)
            {
                Stop(container, now);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using PeriodicTimer timer = new(Period, _clock.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Tick();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    private void Stop(ContainerRecording container, long now)
    {
        SafeFdHandle? pidfd = container.InitPidFd;
        if (pidfd is null)
        {
            if (_unstoppableLogged.Add(container.Key))
            {
                PolicyLog.CannotStop(_logger, container.Id, container.Identity.InitPid);
            }

            return;
        }

        // The termination is recorded before the signal: once the container dies, a reader that sees it exited must
        // also see why. If the kill finds nothing to kill, the container ended on its own and the record is withdrawn.
        string message = TerminationMessage.Format(
            container.Snapshot(includeSyscalls: true).Syscalls.Select(s => (s.Name ?? $"{s.ArchName}:{s.Nr}", s.Violations)));
        if (!container.TrySetTermination(TerminationMessage.Reason, message, now))
        {
            return;
        }

        bool killed;
        try
        {
            killed = PidFd.TrySendSignal(pidfd, SIGKILL);
        }
        catch (ObjectDisposedException)
        {
            killed = false; // the container exited between the check and the kill: its pidfd was released
        }

        if (!killed)
        {
            container.ClearTermination();
            return;
        }

        _counters.ContainerStopped();
        _registry.Publish(RecorderEventKind.Stopped, container);
        PolicyLog.Stopped(_logger, container.Id, message);
    }
}
