using Microsoft.Extensions.Logging;

namespace SeccompRecorder.Handover;

internal static partial class HandoverLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Hand-over packed: {Containers} containers, {Listeners} notify fds, {Bytes} bytes of state")]
    public static partial void Packed(ILogger logger, int containers, int listeners, int bytes);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Handed over: the successor serves {Listeners} notify fds and the listener socket; this daemon stops")]
    public static partial void Committed(ILogger logger, int listeners);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "Hand-over abandoned: this daemon serves its notify fds and accepts again")]
    public static partial void Aborted(ILogger logger);

    [LoggerMessage(EventId = 703, Level = LogLevel.Warning, Message = "The last flush before the hand-over failed; the state travels with the fds anyway")]
    public static partial void FinalFlushFailed(ILogger logger);

    [LoggerMessage(EventId = 704, Level = LogLevel.Information, Message = "Took over {Containers} containers and {Listeners} notify fds from the previous daemon, and {Waiting} runtime connections waiting for their first byte")]
    public static partial void Adopted(ILogger logger, int containers, int listeners, int waiting);

    [LoggerMessage(EventId = 705, Level = LogLevel.Information, Message = "Container {ContainerId}: the notify fd of pid {Pid} did not come back (every task of its filter exited meanwhile)")]
    public static partial void ListenerGone(ILogger logger, string containerId, int pid);

    [LoggerMessage(EventId = 706, Level = LogLevel.Warning, Message = "The handed-over listener socket is bound to {Path}, not {Configured}, or is not listening: binding {Configured} anew")]
    public static partial void ListenerMismatch(ILogger logger, string path, string configured);

    [LoggerMessage(EventId = 707, Level = LogLevel.Information, Message = "Takeover: the daemon on {Path} (pid {Pid}) is handing over")]
    public static partial void TakingOver(ILogger logger, string path, int pid);

    [LoggerMessage(EventId = 708, Level = LogLevel.Information, Message = "Takeover: no daemon answers on {Path}; starting fresh")]
    public static partial void NothingToTakeOver(ILogger logger, string path);

    [LoggerMessage(EventId = 709, Level = LogLevel.Warning, Message = "Takeover: the previous daemon (pid {Pid}) did not exit within {Timeout}; killing it")]
    public static partial void PredecessorHung(ILogger logger, int pid, TimeSpan timeout);

    [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "Takeover requested by pid {Pid}")]
    public static partial void TakeoverRequested(ILogger logger, int pid);

    [LoggerMessage(EventId = 711, Level = LogLevel.Warning, Message = "Takeover request from pid {Pid} uid {Uid} refused: {Reason}")]
    public static partial void TakeoverRefused(ILogger logger, int pid, uint uid, string reason);

    [LoggerMessage(EventId = 712, Level = LogLevel.Error, Message = "Takeover by pid {Pid} failed: {Reason}")]
    public static partial void TakeoverFailed(ILogger logger, int pid, string reason);

    [LoggerMessage(EventId = 713, Level = LogLevel.Information, Message = "Listening for a successor's takeover on {Path}")]
    public static partial void TakeoverListening(ILogger logger, string path);

    [LoggerMessage(EventId = 714, Level = LogLevel.Information, Message = "systemd passed {Count} fds ({Names})")]
    public static partial void Inherited(ILogger logger, int count, string names);

    [LoggerMessage(EventId = 715, Level = LogLevel.Information, Message = "Stored {Fds} fds ({Listeners} notify fds) in systemd's fd store for the next start")]
    public static partial void Stored(ILogger logger, int fds, int listeners);

    [LoggerMessage(EventId = 716, Level = LogLevel.Error, Message = "Storing fds in systemd's fd store failed: {Reason}; closing them as on a plain stop")]
    public static partial void StoreFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 717, Level = LogLevel.Warning, Message = "--fd-store is set but NOTIFY_SOCKET is not: nothing to store fds in (run under systemd with FileDescriptorStoreMax=)")]
    public static partial void NoFdStore(ILogger logger);

    [LoggerMessage(EventId = 718, Level = LogLevel.Information, Message = "Takeover: serving {Listeners} notify fds {Milliseconds:0.0} ms after asking (the longest any notified call waited on the hand-over)")]
    public static partial void Served(ILogger logger, int listeners, double milliseconds);

    [LoggerMessage(EventId = 719, Level = LogLevel.Warning, Message = "Keeping notify fds in systemd's fd store failed ({Reason}): they are served, but would not survive a crash of the daemon")]
    public static partial void JournalFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 720, Level = LogLevel.Warning, Message = "The daemon before this one ended without handing over: serving again the {Listeners} notify fds systemd kept ({Gone} had hung up meanwhile, {Answered} had a notification received and not answered); calls it answered after its last flush are not counted")]
    public static partial void Recovered(ILogger logger, int listeners, int gone, int answered);

    [LoggerMessage(EventId = 722, Level = LogLevel.Information, Message = "Container {ContainerId}: answered notification {Id} of pid {Pid}, which the daemon before this one received and died before answering")]
    public static partial void AnsweredInFlight(ILogger logger, string containerId, int pid, ulong id);

    [LoggerMessage(EventId = 721, Level = LogLevel.Warning, Message = "Stored fd {Name} is unusable and dropped: {Reason}")]
    public static partial void RecoveryDropped(ILogger logger, string name, string reason);
}
