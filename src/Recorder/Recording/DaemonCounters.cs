namespace SeccompRecorder.Recording;

/// <summary>Daemon-wide facts the agent and the notify threads report and the status API reads.</summary>
internal sealed class DaemonCounters
{
    private readonly long[] _rejectedByReason = new long[Enum.GetValues<RejectReason>().Length];
    private long _connectionsAccepted;
    private long _containersStopped;
    private long _storageErrors;
    private long _notificationsWithdrawn;
    private int _syncWakeUp = -1;

    public DaemonCounters(RecorderClock clock) => StartedTicks = clock.Now();

    public long StartedTicks { get; }

    public long ConnectionsAccepted => Volatile.Read(ref _connectionsAccepted);

    public long ConnectionsRejected
    {
        get
        {
            long total = 0;
            for (int i = 0; i < _rejectedByReason.Length; i++)
            {
                // A peer that closed before its first byte was not refused.
                total += i == (int)RejectReason.ClosedBeforeFirstByte ? 0 : Volatile.Read(ref _rejectedByReason[i]);
            }

            return total;
        }
    }

    /// <summary>Containers the stop policy killed.</summary>
    public long ContainersStopped => Volatile.Read(ref _containersStopped);

    /// <summary>Flushes to the recordings database that failed (disk full, I/O) and will be retried.</summary>
    public long StorageErrors => Volatile.Read(ref _storageErrors);

    public void StorageError() => Interlocked.Increment(ref _storageErrors);

    /// <summary>
    /// Notifications counted whose target was gone when the answer came (SEND failed with ENOENT): the task was killed,
    /// or a signal interrupted the call, which then restarts as a new notification or fails with EINTR.
    /// </summary>
    public long NotificationsWithdrawn => Volatile.Read(ref _notificationsWithdrawn);

    public void NotificationWithdrawn() => Interlocked.Increment(ref _notificationsWithdrawn);

    /// <summary>Whether the last notify fd set up could use SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP.</summary>
    public bool SyncWakeUp => Volatile.Read(ref _syncWakeUp) == 1;

    public void ConnectionAccepted() => Interlocked.Increment(ref _connectionsAccepted);

    public void ConnectionRejected(RejectReason reason) => Interlocked.Increment(ref _rejectedByReason[(int)reason]);

    public void ContainerStopped() => Interlocked.Increment(ref _containersStopped);

    /// <summary>Rejections so far, by reason (every reason, zeros included, so metrics series exist from the start).</summary>
    public IReadOnlyList<(RejectReason Reason, long Count)> RejectionsByReason()
    {
        List<(RejectReason, long)> result = [];
        foreach (RejectReason reason in Enum.GetValues<RejectReason>())
        {
            if (reason != RejectReason.None)
            {
                result.Add((reason, Volatile.Read(ref _rejectedByReason[(int)reason])));
            }
        }

        return result;
    }

    public void ReportSyncWakeUp(bool enabled) => Volatile.Write(ref _syncWakeUp, enabled ? 1 : 0);
}
