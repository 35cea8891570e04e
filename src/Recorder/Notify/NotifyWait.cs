namespace SeccompRecorder.Notify;

/// <summary>How notify threads wait for the kernel: the daemon's --notify-wait.</summary>
internal enum NotifyWait
{
    /// <summary><see cref="Receive"/> on Linux 6.11+ when the wake-up signal can be installed, else <see cref="Poll"/>.</summary>
    Auto,

    /// <summary>Block in SECCOMP_IOCTL_NOTIF_RECV alone; woken for a stop by a signal (Linux 6.11+).</summary>
    Receive,

    /// <summary>poll(2) the notify fd and a wake eventfd before each RECV: one more syscall per notification, any kernel.</summary>
    Poll,
}
