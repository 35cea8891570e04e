using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using SeccompRecorder.Notify;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Metrics;

/// <summary>
/// Wiring for DaemonHost: an HTTP/1.1 listener whose connections are tagged, and a middleware that hands tagged
/// connections to <see cref="MetricsEndpoint"/> before routing's endpoints run. The metrics port therefore never
/// reaches the gRPC routes (their /{**path} catch-all included), and the API endpoints never serve /metrics.
/// </summary>
internal static class MetricsHostingExtensions
{
    public static IServiceCollection AddMetricsEndpoint(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            NotifyDispatcher dispatcher = sp.GetRequiredService<NotifyDispatcher>();
            return new MetricsCollector(
                sp.GetRequiredService<IRecordingReader>(),
                sp.GetRequiredService<DaemonCounters>(),
                dispatcher.LatencySnapshot,
                ProcessStats.ReadSelf,
                sp.GetRequiredService<MetricsSettings>(),
                sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<MetricsEndpoint>();
        services.AddSingleton<MetricsServer>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsServer>());
        return services;
    }

    /// <summary>Listens on <paramref name="endpoint"/> with HTTP/1.1 only (what Prometheus speaks) and tags each connection.</summary>
    public static void ListenMetrics(this KestrelServerOptions kestrel, IPEndPoint endpoint)
    {
        MetricsServer listener = kestrel.ApplicationServices.GetRequiredService<MetricsServer>();
        kestrel.Listen(endpoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.Use(next => connection =>
            {
                connection.Features.Set(MetricsConnectionFeature.Instance);
                return next(connection);
            });
            listener.Bound(listen);
        });
    }

    /// <remarks>
    /// The endpoint is resolved per request, not here: resolving it reads the options, and an invalid setting must
    /// fail at start (exit 2, ValidateOnStart), not while the pipeline is built.
    /// </remarks>
    public static IApplicationBuilder UseMetricsEndpoint(this IApplicationBuilder app) =>
        app.Use(next => context => context.IsMetricsConnection()
            ? context.RequestServices.GetRequiredService<MetricsEndpoint>().HandleAsync(context)
            : next(context));

    /// <summary>Whether <paramref name="context"/> arrived on the metrics listener.</summary>
    public static bool IsMetricsConnection(this HttpContext context) => context.Features.Get<MetricsConnectionFeature>() is not null;
}
