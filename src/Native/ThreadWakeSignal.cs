using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

/// <summary>
/// A real-time signal whose only effect is to interrupt the system call one thread of this process is blocked in: a
/// blocking SECCOMP_IOCTL_NOTIF_RECV then fails with EINTR, which is how a notify thread that does not poll is woken
/// for a stop or a hand-over.
/// </summary>
/// <remarks>
/// The handler is the runtime's own (System.Native's, installed through <see cref="PosixSignalRegistration"/>: it
/// writes the signal number to a pipe that a runtime thread reads; our callback there cancels the default action,
/// which for a real-time signal is to terminate). The runtime installs every handler with SA_RESTART, and the kernel
/// restarts an interrupted RECV (-ERESTARTSYS since Linux 6.6) under SA_RESTART instead of returning EINTR; so
/// <see cref="Install"/> then clears SA_RESTART for this one signal with sigaction(2), keeping the handler. No native
/// code of ours is needed. SIGRTMIN is the runtime's (thread activation for the GC); this signal is SIGRTMIN + 4,
/// which neither the runtime nor glibc uses, sent only with tgkill(2) to our own threads.
/// </remarks>
public sealed class ThreadWakeSignal : IDisposable
{
    private const int OffsetFromSigRtMin = 4;

    private readonly PosixSignalRegistration _registration;

    private ThreadWakeSignal(int number, PosixSignalRegistration registration)
    {
        Number = number;
        _registration = registration;
    }

    /// <summary>The signal's number (SIGRTMIN + 4: 38 with glibc).</summary>
    public int Number { get; }

    /// <summary>The kernel's id of the calling thread, which <see cref="Wake"/> takes.</summary>
    public static int CurrentThreadId() => Interop.gettid();

    /// <summary>
    /// Installs the handler without SA_RESTART. Throws <see cref="InvalidOperationException"/> when the signal cannot
    /// interrupt anything here: ignored since the process started (the runtime then leaves it ignored, and the kernel
    /// drops an ignored signal) or handled by something else.
    /// </summary>
    public static unsafe ThreadWakeSignal Install()
    {
        int number = Interop.__libc_current_sigrtmin() + OffsetFromSigRtMin;
        if (number > Interop.__libc_current_sigrtmax())
        {
            throw new InvalidOperationException($"no real-time signal SIGRTMIN + {OffsetFromSigRtMin} on this system");
        }

        PosixSignalRegistration registration = PosixSignalRegistration.Create(
            (PosixSignal)number, static context => context.Cancel = true);
        try
        {
            Interop.sigaction_t action;
            if (Interop.sigaction(number, null, &action) != 0)
            {
                throw new ErrnoException(Interop.LastErrno(), $"sigaction({number})");
            }

            if (action.sa_handler is Interop.SIG_DFL or Interop.SIG_IGN || (action.sa_flags & Interop.SA_SIGINFO) == 0)
            {
                throw new InvalidOperationException(
                    $"signal {number} has no runtime handler (it was ignored when the process started, or something else handles it)");
            }

            action.sa_flags &= ~Interop.SA_RESTART;
            if (Interop.sigaction(number, &action, null) != 0)
            {
                throw new ErrnoException(Interop.LastErrno(), $"sigaction({number}) without SA_RESTART");
            }

            return new ThreadWakeSignal(number, registration);
        }
        catch
        {
            registration.Dispose();
            throw;
        }
    }

    /// <summary>True when the handler installed for this signal is still without SA_RESTART (a check for tests).</summary>
    public unsafe bool InterruptsSystemCalls()
    {
        Interop.sigaction_t action;
        return Interop.sigaction(Number, null, &action) == 0
            && action.sa_handler is not (Interop.SIG_DFL or Interop.SIG_IGN)
            && (action.sa_flags & Interop.SA_RESTART) == 0;
    }

    /// <summary>
    /// Sends the signal to thread <paramref name="threadId"/> of this process: the system call it is blocked in fails
    /// with EINTR. Delivered while it is not in one, it is handled and forgotten: a waker repeats it until the thread
    /// has seen what it was woken for. False when no such thread is left.
    /// </summary>
    public bool Wake(int threadId)
    {
        if (Interop.tgkill(Environment.ProcessId, threadId, Number) == 0)
        {
            return true;
        }

        Errno errno = Interop.LastErrno();
        return errno == Errno.ESRCH ? false : throw new ErrnoException(errno, $"tgkill({threadId}, {Number})");
    }

    /// <summary>Gives the signal back to the runtime's default handling (SA_RESTART again, default action).</summary>
    public void Dispose() => _registration.Dispose();
}
