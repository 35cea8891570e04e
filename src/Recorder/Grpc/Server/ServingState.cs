using Grpc.HealthCheck;
using Microsoft.Extensions.Hosting;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace SeccompRecorder.Grpc.Server;

/// <summary>
/// grpc.health.v1 per service name ("" for the daemon as a whole, and the Recorder service) and the end of long calls,
/// both from the host's lifetime: SERVING from before Kestrel listens; when the host begins to stop, NOT_SERVING first
/// (health watchers hear it) and only then <see cref="Stopping"/>, which ends WatchEvents streams. A stream that
/// outlived ApplicationStopping held the host's shutdown for its whole timeout.
/// </summary>
internal sealed class ServingState : IHostedService, IDisposable
{
    private readonly HealthServiceImpl _health;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly CancellationTokenSource _stopping = new();
    private CancellationTokenRegistration _onStopping;

    public ServingState(HealthServiceImpl health, IHostApplicationLifetime lifetime)
    {
        _health = health;
        _lifetime = lifetime;
    }

    /// <summary>The names a health check may ask about; any other is NOT_FOUND (Check) or SERVICE_UNKNOWN (Watch).</summary>
    public static IReadOnlyList<string> ServiceNames { get; } = [string.Empty, Services.RecorderApi.ServiceName];

    /// <summary>Cancelled once health says NOT_SERVING: server streams end with UNAVAILABLE.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        SetAll(ServingStatus.Serving);
        _onStopping = _lifetime.ApplicationStopping.Register(Stop);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _onStopping.Dispose();
        _stopping.Dispose();
    }

    private void Stop()
    {
        SetAll(ServingStatus.NotServing);
        _stopping.Cancel();
    }

    private void SetAll(ServingStatus status)
    {
        foreach (string service in ServiceNames)
        {
            _health.SetStatus(service, status);
        }
    }
}
