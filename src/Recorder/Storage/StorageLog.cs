using Microsoft.Extensions.Logging;

namespace SeccompRecorder.Storage;

// EventIds 600-699: 500-599 were already the metrics area's.
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Error, Message = "Recordings database {Path} cannot be used ({Problem}): moved to {MovedTo}; starting with an empty one")]
    public static partial void MovedAside(ILogger logger, string path, string problem, string movedTo);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Loaded {Containers} containers and {Syscalls} syscall rows from {Path}")]
    public static partial void Loaded(ILogger logger, int containers, int syscalls, string path);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "Writing recordings to {Path} failed: {Reason}; recording goes on in memory and the write is retried every second")]
    public static partial void FlushFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "Writing recordings to {Path} works again after {Failures} failed flushes")]
    public static partial void FlushRecovered(ILogger logger, string path, long failures);

    [LoggerMessage(EventId = 604, Level = LogLevel.Debug, Message = "Flushed {Rows} rows")]
    public static partial void Flushed(ILogger logger, int rows);

    [LoggerMessage(EventId = 605, Level = LogLevel.Information, Message = "Container {ContainerId} removed: exited more than {Retention} ago")]
    public static partial void Expired(ILogger logger, string containerId, string retention);

    [LoggerMessage(EventId = 606, Level = LogLevel.Information, Message = "Container {ContainerId} deleted on request")]
    public static partial void Deleted(ILogger logger, string containerId);

    [LoggerMessage(EventId = 607, Level = LogLevel.Warning, Message = "Container {ContainerId}: a stored syscall row ({Arch} {Nr}) did not fit and was dropped")]
    public static partial void SyscallNotRestored(ILogger logger, string containerId, string arch, long nr);

    [LoggerMessage(EventId = 608, Level = LogLevel.Information, Message = "Holding the state directory's lock {Path}: no other daemon can use it")]
    public static partial void Locked(ILogger logger, string path);

    [LoggerMessage(EventId = 609, Level = LogLevel.Information, Message = "Holding the state directory's lock {Path}, handed over by the previous daemon")]
    public static partial void LockHandedOver(ILogger logger, string path);

    [LoggerMessage(EventId = 610, Level = LogLevel.Warning, Message = "The lock fd the previous daemon handed over does not hold {Path} (it used another state directory): locking {Path} here")]
    public static partial void LockNotThisDirectory(ILogger logger, string path);
}
