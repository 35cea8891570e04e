using Microsoft.Extensions.Logging;
using SeccompRecorder.Native;

namespace SeccompRecorder.Notify;

/// <summary>
/// How the dispatcher's notify threads wait, and how they are told to stop (a shutdown, or a hand-over that parks
/// them). Blocking in RECV alone (<see cref="BlocksInReceive"/>) costs one syscall per notification less than polling
/// first, but a blocked RECV only returns for a notification, a hang-up (Linux 6.11+) or a signal: a stop sets
/// <see cref="IsRequested"/> and then sends each thread the <see cref="ThreadWakeSignal"/> until it has ended. Polling
/// threads wait on the eventfd as well, which <see cref="Request"/> signals.
/// </summary>
internal sealed class NotifyWakeUp : IDisposable
{
    /// <summary>Since Linux 6.11 a blocked RECV returns (ENOENT) once every task of the filter has exited.</summary>
    public static readonly Version BlockingReceiveKernel = new(6, 11);

    private readonly EventFd _pollWake = new();
    private readonly ThreadWakeSignal? _signal;
    private volatile bool _requested;

    private NotifyWakeUp(ThreadWakeSignal? signal) => _signal = signal;

    /// <summary>True: threads block in RECV alone; false: they poll (notify fd, <see cref="PollHandle"/>) first.</summary>
    public bool BlocksInReceive => _signal is not null;

    /// <summary>The eventfd polling threads wait on besides their notify fd.</summary>
    public SafeFdHandle PollHandle => _pollWake.Handle;

    /// <summary>Read by every thread before it waits: set by <see cref="Request"/>, cleared by <see cref="Reset"/>.</summary>
    public bool IsRequested => _requested;

    /// <summary>True when this kernel returns from a blocked RECV once every task of the filter has exited.</summary>
    public static bool KernelSupportsBlockingReceive(Version kernel) => kernel >= BlockingReceiveKernel;

    /// <summary>The wait <paramref name="wait"/> asks for on <paramref name="kernel"/>, logged once.</summary>
    public static NotifyWakeUp Create(NotifyWait wait, Version kernel, ILogger logger)
    {
        if (wait == NotifyWait.Poll || (wait == NotifyWait.Auto && !KernelSupportsBlockingReceive(kernel)))
        {
            NotifyLog.WaitMode(logger, NotifyWaitNames.Name(NotifyWait.Poll), wait == NotifyWait.Poll ? "--notify-wait poll" : $"Linux {kernel} is older than {BlockingReceiveKernel}");
            return new NotifyWakeUp(null);
        }

        try
        {
            NotifyWakeUp wakeUp = new(ThreadWakeSignal.Install());
            NotifyLog.WaitMode(logger, NotifyWaitNames.Name(NotifyWait.Receive), $"Linux {kernel}, woken by signal {wakeUp._signal!.Number}");
            return wakeUp;
        }
        catch (InvalidOperationException e) when (wait == NotifyWait.Auto)
        {
            NotifyLog.NoWakeSignal(logger, e.Message);
            return new NotifyWakeUp(null);
        }
    }

    /// <summary>Asks every thread to stop; polling ones see it at once, blocked ones once <see cref="Wake"/> reaches them.</summary>
    public void Request()
    {
        _requested = true;
        _pollWake.Signal();
    }

    /// <summary>A hand-over failed: threads serve again.</summary>
    public void Reset()
    {
        _requested = false;
        _pollWake.Reset();
    }

    /// <summary>Interrupts the RECV thread <paramref name="threadId"/> is blocked in (nothing for polling threads).</summary>
    public void Wake(int threadId) => _signal?.Wake(threadId);

    public void Dispose()
    {
        _signal?.Dispose();
        _pollWake.Dispose();
    }
}
