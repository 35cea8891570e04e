using Microsoft.Extensions.Logging;

namespace SeccompRecorder.Hosting;

// EventIds 800-899: systemd's notify protocol is its own area (Handover's are 700-799).
internal static partial class SystemdLog
{
    [LoggerMessage(EventId = 800, Level = LogLevel.Debug, Message = "Notifying systemd on {Socket}; watchdog every {Interval}")]
    public static partial void Enabled(ILogger logger, string socket, string interval);

    [LoggerMessage(EventId = 801, Level = LogLevel.Debug, Message = "Sent systemd {State}")]
    public static partial void Sent(ILogger logger, string state);

    [LoggerMessage(EventId = 802, Level = LogLevel.Warning, Message = "Cannot notify systemd on {Socket} ({State}): {Reason}; further failures are not logged")]
    public static partial void NotifyFailed(ILogger logger, string socket, string state, string reason);
}
