using System.Globalization;
using SeccompRecorder.Native;

namespace SeccompRecorder.Policy;

/// <summary>
/// Stands in for a KILL, KILL_THREAD or KILL_PROCESS rule: SIGKILL to the calling thread's whole thread group through
/// a pidfd. The process ends with SIGKILL (status 137 in a shell or runc), not the kernel's SIGSYS (159), and no
/// SIGSYS siginfo is delivered; a fatal signal to one thread ends every thread of the group. Rare path (one kill per
/// process), so its syscalls and a /proc read on kernels before 6.9 are fine here.
/// </summary>
internal static class CallerKill
{
    private const int SIGKILL = 9;

    /// <summary>
    /// <paramref name="tid"/> is <c>seccomp_notif.pid</c>, a thread id; 0 when the caller is not visible to the daemon.
    /// The thread is parked in the kernel until answered and leaves only by dying, so its id cannot have been reused
    /// between the notification and the pidfd_open. False when nothing was signalled.
    /// </summary>
    public static bool TryKill(uint tid)
    {
        if (tid == 0 || tid > int.MaxValue)
        {
            return false;
        }

        try
        {
            // Linux 6.9+: a pidfd for any thread (PIDFD_THREAD); before, only for a thread-group leader, found in /proc.
            if (PidFd.TryOpenThread((int)tid, out SafeFdHandle? thread, out bool unsupported))
            {
                using (thread)
                {
                    return PidFd.TrySendSignal(thread!, SIGKILL, PidFd.PIDFD_SIGNAL_THREAD_GROUP);
                }
            }

            if (!unsupported || ThreadGroupOf((int)tid) is not { } tgid || !PidFd.TryOpen(tgid, out SafeFdHandle leader))
            {
                return false;
            }

            using (leader)
            {
                return PidFd.TrySendSignal(leader, SIGKILL);
            }
        }
        catch (ErrnoException)
        {
            return false; // EMFILE and the like: the call is still denied
        }
    }

    private static int? ThreadGroupOf(int tid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{tid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("Tgid:", StringComparison.Ordinal)
                    && int.TryParse(line.AsSpan(5).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int tgid) && tgid > 0)
                {
                    return tgid;
                }
            }
        }
        catch (IOException)
        {
            // The thread is gone.
        }

        return null;
    }
}
