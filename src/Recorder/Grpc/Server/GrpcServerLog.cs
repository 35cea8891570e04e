using Microsoft.Extensions.Logging;

namespace SeccompRecorder.Grpc.Server;

/// <summary>Log events of the gRPC server, EventIds 4000-4049.</summary>
internal static partial class GrpcServerLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "gRPC request to {Path} rejected: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "gRPC call to unimplemented {Path}")]
    public static partial void Unimplemented(ILogger logger, string path);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "grpc-timeout value {Value} of a call to {Path} is not valid; running without a deadline")]
    public static partial void InvalidTimeout(ILogger logger, string path, string value);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "gRPC call to {Path} ended by the client")]
    public static partial void CallAborted(ILogger logger, string path);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "gRPC call to {Path} exceeded its deadline of {Timeout}")]
    public static partial void DeadlineExceeded(ILogger logger, string path, TimeSpan timeout);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "gRPC call to {Path} ended because the server is stopping")]
    public static partial void CallEndedByShutdown(ILogger logger, string path);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "gRPC call to {Path} failed with {StatusCode}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string path, StatusCode statusCode, string detail);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "gRPC handler of {Path} threw")]
    public static partial void HandlerFailed(ILogger logger, string path, Exception exception);
}
