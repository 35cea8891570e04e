namespace SeccompRecorder.Notify;

/// <summary>Told when a <see cref="NotifyWorker"/> ends (Kestrel's IHttp2StreamLifetimeHandler, for notify fds).</summary>
internal interface INotifyWorkerLifetimeHandler
{
    /// <summary>
    /// Called once, last, on the worker's own thread: every notification it received has been answered, and its fd is
    /// still open. The handler closes or keeps the fd.
    /// </summary>
    void OnWorkerEnded(NotifyWorker worker, NotifyWorkerEnd end);
}
