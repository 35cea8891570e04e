using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Grpc.Server;
using SeccompRecorder.Grpc.Services;

namespace SeccompRecorder.Grpc;

/// <summary>
/// Wiring for Program: the gRPC API (Grpc.AspNetCore) on whatever Kestrel endpoints the app listens on (HTTP/2
/// required): the Recorder service, grpc.health.v1.Health and server reflection (grpc.reflection.v1 and v1alpha).
/// </summary>
internal static class GrpcApiExtensions
{
    /// <summary>Registers the API services. <see cref="Recording.IRecordingReader"/> must be registered by the caller.</summary>
    public static IServiceCollection AddGrpcApi(this IServiceCollection services)
    {
        services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = GrpcLimits.MaxMessageBytes;
            // Answers are paged or summarised to fit (ContainerPage, ContainerFit); this refuses any that still would not.
            options.MaxSendMessageSize = GrpcLimits.MaxMessageBytes;
            options.CompressionProviders = [new IdentityCompression()];
            options.Interceptors.Add<StatusInterceptor>();
        });
        services.AddLogging(logging => logging
            // Grpc.AspNetCore logs each message at Debug and every non-OK status at Information; StatusInterceptor logs ours.
            .AddFilter("Grpc", LogLevel.Warning)
            // It logs a request it cannot parse as an Error of the service method: a client's garbage is no failure of
            // ours. A handler that throws is logged by StatusInterceptor instead.
            .AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.None));
        services.AddGrpcReflection();
        // Statuses come from ServingState alone: no ASP.NET health checks are mapped, so nothing publishes over them.
        services.AddGrpcHealthChecks(health =>
        {
            health.Services.Clear();
            health.UseHealthChecksCache = true;
        });
        services.TryAddSingleton<ServingState>();
        services.AddHostedService(sp => sp.GetRequiredService<ServingState>());
        services.TryAddSingleton<RecorderApi>();
        return services;
    }

    /// <summary>Maps the services; any other gRPC path is UNIMPLEMENTED, any other request 404 (Grpc.AspNetCore's answers).</summary>
    public static IEndpointRouteBuilder MapGrpcApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<RecorderApi>();
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }
}
