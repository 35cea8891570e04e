using System.Runtime.CompilerServices;
using SeccompRecorder.Native;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Notify;

/// <summary>
/// Serves one notify fd on a dedicated thread: RECV, count, decide, SEND. RECV blocks alone (Linux 6.11+; a stop wakes
/// the thread with a signal) or after a poll(fd, stop eventfd) (any kernel): <see cref="NotifyWakeUp"/> says which.
/// One blocking thread per fd keeps the kernel's same-CPU wake-up (SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP), which an epoll
/// reactor loses: measured here at 150k+/s against 17-40k/s (REFERENCE.md). Nothing on the loop allocates, logs or
/// takes a lock.
/// The loop's methods are AggressiveOptimization: compiled once, optimized, instead of starting at tier 0 and being
/// rejitted in the background while containers wait (measured: 30-60 ms of JIT per 100k-call run otherwise).
/// What it serves comes in its <see cref="NotifyWorkerContext"/>; its end goes to the context's lifetime handler.
/// </summary>
internal sealed class NotifyWorker
{
    // The loop's frames are small; 1000 containers must fit in a few MiB of stacks, not 8 GiB of address space.
    private const int StackSize = 256 * 1024;

    // How often a stopping worker that has not ended is signalled again: a signal that lands between its look at
    // IsRequested and its RECV is handled and forgotten, and the RECV then blocks until the next one.
    private static readonly TimeSpan WakeRetry = TimeSpan.FromMilliseconds(5);

    private readonly Thread _thread;
    private int _threadId;

    public NotifyWorker(NotifyWorkerContext context)
    {
        Context = context;
        _thread = new Thread(Run, StackSize) { IsBackground = true, Name = "seccomp-notify" };
    }

    public NotifyWorkerContext Context { get; }

    public void Start() => _thread.Start();

    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    /// <summary>
    /// Once <see cref="NotifyWakeUp.Request"/> has been called: waits up to <paramref name="timeout"/> for the thread
    /// to end, interrupting its RECV every few milliseconds until it has. True when it ended.
    /// </summary>
    public bool Stop(TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            Wake();
            long left = deadline - Environment.TickCount64;
            if (_thread.Join(left <= 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Min(left, WakeRetry.TotalMilliseconds))))
            {
                return true;
            }

            if (left <= 0)
            {
                return false;
            }
        }
    }

    /// <summary>Interrupts the RECV the thread is blocked in, if it is (see <see cref="NotifyWakeUp.Wake"/>).</summary>
    public void Wake()
    {
        int threadId = Volatile.Read(ref _threadId);
        if (threadId != 0 && _thread.IsAlive)
        {
            Context.WakeUp.Wake(threadId);
        }
    }

    private void Run()
    {
        NotifyWorkerContext context = Context;
        Volatile.Write(ref _threadId, ThreadWakeSignal.CurrentThreadId());
        int fdNumber = context.Fd.Handle.FdForDisplay;
        NotifyWorkerEnd end = NotifyWorkerEnd.Failed;
        try
        {
            bool syncWakeUp = context.Fd.TrySetSyncWakeUp();
            context.SyncWakeUp.Report(syncWakeUp);
            NotifyLog.Serving(context.Logger, fdNumber, context.Container.Id, context.Pid, syncWakeUp);
            bool hungUp = context.WakeUp.BlocksInReceive ? ServeBlocking(context) : ServePolling(context);
            end = hungUp ? NotifyWorkerEnd.HungUp : NotifyWorkerEnd.Stopped;
            if (end == NotifyWorkerEnd.HungUp)
            {
                NotifyLog.Retired(context.Logger, fdNumber, context.Container.Id);
            }
        }
        catch (ErrnoException e)
        {
            NotifyLog.Failed(context.Logger, e, fdNumber, context.Container.Id);
        }
        catch (ObjectDisposedException e)
        {
            NotifyLog.Failed(context.Logger, e, fdNumber, context.Container.Id);
        }
        finally
        {
            context.LifetimeHandler.OnWorkerEnded(this, end);
        }
    }

    /// <summary>RECV alone: returns true when the filter is gone, false when asked to stop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ServeBlocking(NotifyWorkerContext context)
    {
        RecorderClock clock = context.Clock;
        ContainerRecording container = context.Container;
        ContainerPolicy policy = container.Policy;
        LatencyHistogram latency = context.Latency;
        NotifyWakeUp wakeUp = context.WakeUp;
        using NotifySession session = context.Fd.OpenSession(wakeUp.PollHandle);
        session.TrackInFlight(context.Journal?.InFlightSlot ?? 0);
        while (!wakeUp.IsRequested)
        {
            NotifyReceiveResult received = session.Receive(out SeccompNotification notification);
            if (received != NotifyReceiveResult.Received)
            {
                // Interrupted: look at IsRequested again. Withdrawn: the target was interrupted, not gone.
                if (received == NotifyReceiveResult.HungUp)
                {
                    return true;
                }

                continue;
            }

            Answer(session, notification, clock, container, policy, latency, context.Counters, context.Paths);
        }

        return false;
    }

    /// <summary>poll(fd, stop eventfd) then RECV: returns true when the filter is gone, false when asked to stop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ServePolling(NotifyWorkerContext context)
    {
        RecorderClock clock = context.Clock;
        ContainerRecording container = context.Container;
        ContainerPolicy policy = container.Policy;
        LatencyHistogram latency = context.Latency;
        using NotifySession session = context.Fd.OpenSession(context.WakeUp.PollHandle);
        session.TrackInFlight(context.Journal?.InFlightSlot ?? 0);
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

            Answer(session, notification, clock, container, policy, latency, context.Counters, context.Paths);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Answer(
        NotifySession session,
        in SeccompNotification notification,
        RecorderClock clock,
        ContainerRecording container,
        ContainerPolicy policy,
        LatencyHistogram latency,
        DaemonCounters counters,
        PathCapture paths)
    {
        long received = clock.Now();
        // Decoded once for the policy (a source profile's answers are indexed by it) and the counts.
        SyscallArch arch = ArchDecoder.Decode(notification.Arch, notification.Nr, out int tableNr);
        Verdict verdict = policy.Decide(notification, arch, tableNr);
        // Before the count, so a snapshot that holds the count holds this call's path (as arguments are, in RecordCall).
        // A violation's path is read even when audit lets the call run; an expected denial's too (it is denied).
        paths.BeforeAnswer(session, notification, verdict.Allow && !verdict.Violation, received);
        container.RecordCall(notification, received, verdict, arch, tableNr);
        if (!(verdict.Allow ? session.TryContinue(notification.Id) : session.TryFail(notification.Id, verdict.Errno)))
        {
            // Off the common path: a SEND found its target gone.
            counters.NotificationWithdrawn();
        }

        latency.Record(clock.Now() - received);
    }
}
