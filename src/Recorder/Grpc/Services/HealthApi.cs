using System.Runtime.CompilerServices;
using Grpc.Health.V1;
using SeccompRecorder.Grpc.Server;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace SeccompRecorder.Grpc.Services;

/// <summary>
/// grpc.health.v1.Health (grpc/grpc doc/health-checking.md). The daemon is serving for as long as it
/// answers: "" (the server as a whole) and the Recorder service are known, nothing else.
/// </summary>
internal sealed class HealthApi
{
    public const string ServiceName = "grpc.health.v1.Health";

    public IEnumerable<GrpcMethod> Methods =>
    [
        new UnaryMethod<HealthCheckRequest, HealthCheckResponse>(
            ServiceName, "Check", HealthCheckRequest.Parser, (request, _) => ValueTask.FromResult(Check(request))),
        new ServerStreamingMethod<HealthCheckRequest, HealthCheckResponse>(
            ServiceName, "Watch", HealthCheckRequest.Parser, Watch),
    ];

    /// <summary>The spec: an unknown service is NOT_FOUND for Check.</summary>
    public HealthCheckResponse Check(HealthCheckRequest request)
    {
        if (!IsKnown(request.Service))
        {
            throw new GrpcCallException(StatusCode.NotFound, $"unknown service \"{request.Service}\"");
        }

        return new HealthCheckResponse { Status = ServingStatus.Serving };
    }

    /// <summary>The spec: Watch answers SERVICE_UNKNOWN for an unknown service and keeps the stream open anyway.</summary>
    public async IAsyncEnumerable<HealthCheckResponse> Watch(
        HealthCheckRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new HealthCheckResponse
        {
            Status = IsKnown(request.Service) ? ServingStatus.Serving : ServingStatus.ServiceUnknown,
        };

        // The status never changes while the process answers; shutdown ends the call through the token.
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsKnown(string service) => service.Length == 0 || service == RecorderApi.ServiceName;
}
