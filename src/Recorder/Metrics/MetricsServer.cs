using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SeccompRecorder.Metrics;

/// <summary>
/// The metrics listener as Kestrel bound it: with --metrics HOST:0 the port is the kernel's choice, known only once
/// Kestrel has started. Logs the address then (StartedAsync runs after every hosted service, Kestrel included).
/// </summary>
internal sealed class MetricsServer : IHostedLifecycleService
{
    private readonly ILogger _logger;
    private ListenOptions? _listen;

    public MetricsServer(ILogger<MetricsServer> logger) => _logger = logger;

    /// <summary>The bound endpoint (the real port after start), or null when no metrics listener was configured.</summary>
    public IPEndPoint? Endpoint => _listen?.IPEndPoint;

    internal void Bound(ListenOptions listen) => _listen = listen;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (Endpoint is { } endpoint)
        {
            MetricsLog.Serving(_logger, endpoint.ToString());
        }

        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
