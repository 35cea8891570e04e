namespace SeccompRecorder.Native;

public enum NotifyWaitResult
{
    /// <summary>A notification is pending: RECV will not block (unless the target is interrupted first).</summary>
    Readable,

    /// <summary>Every task that used the filter has exited (POLLHUP, Linux 5.8+): retire the fd.</summary>
    HungUp,

    /// <summary>The wake fd was signalled: the caller is asked to stop.</summary>
    Woken,

    /// <summary>Nothing of interest yet (a spurious wake-up): poll again.</summary>
    Pending,
}
