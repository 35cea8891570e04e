using Microsoft.Extensions.Logging;

namespace SeccompRecorder.Policy;

internal static partial class PolicyLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Container {ContainerId} used a forbidden syscall: it will be stopped {Grace} after its last violation")]
    public static partial void StopScheduled(ILogger logger, string containerId, string grace);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Container {ContainerId} stopped (seccomp killed): {Message}")]
    public static partial void Stopped(ILogger logger, string containerId, string message);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Container {ContainerId} must be stopped but its init (pid {Pid}) is not visible to the daemon: run the daemon in the host pid namespace")]
    public static partial void CannotStop(ILogger logger, string containerId, int pid);
}
