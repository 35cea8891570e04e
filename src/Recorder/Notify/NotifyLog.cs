using Microsoft.Extensions.Logging;

namespace SeccompRecorder.Notify;

internal static partial class NotifyLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Serving notify fd {Fd} of container {ContainerId} (pid {Pid}, sync wake-up {SyncWakeUp})")]
    public static partial void Serving(ILogger logger, int fd, string containerId, int pid, bool syncWakeUp);

    [LoggerMessage(EventId = 201, Level = LogLevel.Debug, Message = "Notify fd {Fd} of container {ContainerId} retired: every task of its filter has exited")]
    public static partial void Retired(ILogger logger, int fd, string containerId);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "Notify fd {Fd} of container {ContainerId} failed; its notified syscalls now fail with ENOSYS")]
    public static partial void Failed(ILogger logger, Exception exception, int fd, string containerId);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Kernel has no SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (Linux 6.6+): notifications are answered without the same-CPU wake-up")]
    public static partial void NoSyncWakeUp(ILogger logger);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Container {ContainerId} exited: {Notifications} notifications recorded")]
    public static partial void ContainerExited(ILogger logger, string containerId, long notifications);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "Stopping with {Count} notify fds open: their containers' notified syscalls will fail with ENOSYS")]
    public static partial void ClosingOpenFds(ILogger logger, int count);

    [LoggerMessage(EventId = 206, Level = LogLevel.Error, Message = "The notify thread of container {ContainerId} (pid {Pid}) did not stop for the hand-over; its fd is not handed over")]
    public static partial void WorkerDidNotPark(ILogger logger, string containerId, int pid);

    [LoggerMessage(EventId = 207, Level = LogLevel.Error, Message = "No thread could be started to serve container {ContainerId} (pid {Pid}): its notify fd is closed and its notified syscalls fail with ENOSYS")]
    public static partial void NoThread(ILogger logger, Exception exception, string containerId, int pid);

    [LoggerMessage(EventId = 208, Level = LogLevel.Information, Message = "Notify threads wait with {Mode} ({Why})")]
    public static partial void WaitMode(ILogger logger, string mode, string why);

    [LoggerMessage(EventId = 209, Level = LogLevel.Warning, Message = "Notify threads poll before each RECV, one syscall more per notification: the wake-up signal for a blocking RECV could not be installed: {Reason}")]
    public static partial void NoWakeSignal(ILogger logger, string reason);
}
