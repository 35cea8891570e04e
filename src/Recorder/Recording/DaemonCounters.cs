namespace SeccompRecorder.Recording;

/// <summary>Daemon-wide facts the agent and the notify threads report and the status API reads.</summary>
internal sealed class DaemonCounters
{
    private long _connectionsAccepted;
    private long _connectionsRejected;
    private int _syncWakeUp = -1;

    public DaemonCounters(RecorderClock clock) => StartedTicks = clock.Now();

    public long StartedTicks { get; }

    public long ConnectionsAccepted => Volatile.Read(ref _connectionsAccepted);

    public long ConnectionsRejected => Volatile.Read(ref _connectionsRejected);

    /// <summary>Whether the last notify fd set up could use SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP.</summary>
    public bool SyncWakeUp => Volatile.Read(ref _syncWakeUp) == 1;

    public void ConnectionAccepted() => Interlocked.Increment(ref _connectionsAccepted);

    public void ConnectionRejected() => Interlocked.Increment(ref _connectionsRejected);

    public void ReportSyncWakeUp(bool enabled) => Volatile.Write(ref _syncWakeUp, enabled ? 1 : 0);
}
