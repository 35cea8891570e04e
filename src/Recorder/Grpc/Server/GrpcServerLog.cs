using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace SeccompRecorder.Grpc.Server;

/// <summary>Log events of the gRPC API, EventIds 4000-4049. Grpc.AspNetCore logs the protocol's own (category "Grpc").</summary>
internal static partial class GrpcServerLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "gRPC call to {Method} failed with {StatusCode}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "gRPC handler of {Method} threw")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);
}
