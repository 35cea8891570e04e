using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Native;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Notify;

/// <summary>
/// Serves one notify fd on a dedicated thread: poll(fd, stop) then RECV, count, decide, SEND. One blocking thread per
/// fd keeps the kernel's same-CPU wake-up (SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP), which an epoll reactor loses: measured
/// here at 150k+/s against 17-40k/s (REFERENCE.md). Nothing on the loop allocates, logs or takes a lock.
/// The loop's methods are AggressiveOptimization: compiled once, optimized, instead of starting at tier 0 and being
/// rejitted in the background while containers wait (measured: 30-60 ms of JIT per 100k-call run otherwise).
/// </summary>
internal sealed class NotifyWorker
{
    // The loop's frames are small; 1000 containers must fit in a few MiB of stacks, not 8 GiB of address space.
    private const int StackSize = 256 * 1024;

    private readonly SeccompNotifyFd _fd;
    private readonly ContainerRecording _container;
    private readonly NotifyDispatcher _owner;
    private readonly int _pid;
    private readonly Thread _thread;

    public NotifyWorker(SeccompNotifyFd fd, ContainerRecording container, int pid, object? journal, NotifyDispatcher owner)
    {
        _fd = fd;
        _container = container;
        _pid = pid;
        Journal = journal;
        _owner = owner;
        Latency = new LatencyHistogram(owner.Clock.TimeProvider.TimestampFrequency);
        _thread = new Thread(Run, StackSize) { IsBackground = true, Name = "seccomp-notify" };
    }

    /// <summary>Time from RECV returning to SEND returning, written by this worker's thread only.</summary>
    public LatencyHistogram Latency { get; }

    public void Start() => _thread.Start();

    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    public SeccompNotifyFd Fd => _fd;

    public ContainerRecording Container => _container;

    public int Pid => _pid;

    /// <summary>The journal's entry for this fd (a copy kept outside the process), or null.</summary>
    public object? Journal { get; }

    private void Run()
    {
        int fdNumber = _fd.Handle.FdForDisplay;
        bool stopped = false;
        try
        {
            bool syncWakeUp = _fd.TrySetSyncWakeUp();
            _owner.ReportSyncWakeUp(syncWakeUp);
            NotifyLog.Serving(_owner.Logger, fdNumber, _container.Id, _pid, syncWakeUp);
            stopped = !Serve();
            if (!stopped)
            {
                NotifyLog.Retired(_owner.Logger, fdNumber, _container.Id);
            }
        }
        catch (ErrnoException e)
        {
            NotifyLog.Failed(_owner.Logger, e, fdNumber, _container.Id);
        }
        catch (ObjectDisposedException e)
        {
            NotifyLog.Failed(_owner.Logger, e, fdNumber, _container.Id);
        }
        finally
        {
            // Asked to stop for a hand-over: every notification received has been answered, and the fd stays open so
            // the kernel queues the next ones for the successor instead of failing them with ENOSYS.
            if (!stopped || !_owner.TryPark(this))
            {
                _fd.Dispose();
                _owner.Retire(this, _container);
            }
        }
    }

    /// <summary>Returns true when the filter is gone, false when asked to stop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Serve()
    {
        RecorderClock clock = _owner.Clock;
        ContainerPolicy policy = _container.Policy;
        LatencyHistogram latency = Latency;
        using NotifySession session = _fd.OpenSession(_owner.StopSignal);
        session.TrackInFlight(_owner.InFlightSlot(Journal));
        while (true)
        {
            NotifyWaitResult ready = session.Wait();
            if (ready != NotifyWaitResult.Readable)
            {
                return ready == NotifyWaitResult.HungUp;
            }

            // ENOENT: the target was interrupted between the wake-up and RECV; poll again tells whether it is gone.
            if (!session.TryReceive(out SeccompNotification notification))
            {
                continue;
            }

            long received = clock.Now();
            Verdict verdict = policy.Decide(notification);
            _container.RecordCall(notification, received, denied: !verdict.Allow);
            if (!(verdict.Allow ? session.TryContinue(notification.Id) : session.TryFail(notification.Id, verdict.Errno)))
            {
                _owner.Withdrawn();
            }

            latency.Record(clock.Now() - received);
        }
    }
}
