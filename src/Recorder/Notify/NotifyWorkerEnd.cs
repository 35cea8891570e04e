namespace SeccompRecorder.Notify;

/// <summary>Why a <see cref="NotifyWorker"/> ended.</summary>
internal enum NotifyWorkerEnd
{
    /// <summary>Every task of the fd's filter has exited (POLLHUP): nothing more will arrive on it.</summary>
    HungUp,

    /// <summary>The stop signal: a shutdown, or a hand-over that keeps the fd open for the successor.</summary>
    Stopped,

    /// <summary>An unexpected error (logged by the worker): the fd is not served any more.</summary>
    Failed,
}
