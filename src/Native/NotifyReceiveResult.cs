namespace SeccompRecorder.Native;

/// <summary>What one blocking SECCOMP_IOCTL_NOTIF_RECV gave (<see cref="NotifySession.Receive"/>).</summary>
public enum NotifyReceiveResult
{
    /// <summary>A notification: answer it.</summary>
    Received,

    /// <summary>EINTR: the thread was woken (<see cref="ThreadWakeSignal"/>); see why, then receive again.</summary>
    Interrupted,

    /// <summary>ENOENT while tasks of the filter remain: a signal to the target withdrew its notification. Receive again.</summary>
    Withdrawn,

    /// <summary>ENOENT and POLLHUP: every task that used the filter has exited (RECV says so since Linux 6.11). Retire the fd.</summary>
    HungUp,
}
