using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SeccompRecorder.Grpc.Server;
using SeccompRecorder.Grpc.Services;

namespace SeccompRecorder.Grpc;

/// <summary>Wiring for Program: the gRPC API on whatever Kestrel endpoints the app listens on (HTTP/2 required).</summary>
internal static class GrpcApiExtensions
{
    /// <summary>Registers the API services. <see cref="Recording.IRecordingReader"/> must be registered by the caller.</summary>
    public static IServiceCollection AddGrpcApi(this IServiceCollection services)
    {
        services.AddRouting();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RecorderApi>();
        services.TryAddSingleton<HealthApi>();
        services.TryAddSingleton(sp => new GrpcMethodTable(
            sp.GetRequiredService<RecorderApi>().Methods.Concat(sp.GetRequiredService<HealthApi>().Methods)));
        services.TryAddSingleton<GrpcDispatcher>();
        return services;
    }

    /// <summary>
    /// Maps /{service}/{method} (every gRPC path) to the dispatcher, plus a last-resort route so that a gRPC
    /// request to any other path gets UNIMPLEMENTED instead of a bare 404. Non-gRPC requests to unknown
    /// paths still get 404.
    /// </summary>
    public static IEndpointRouteBuilder MapGrpcApi(this IEndpointRouteBuilder endpoints)
    {
        GrpcDispatcher dispatcher = endpoints.ServiceProvider.GetRequiredService<GrpcDispatcher>();
        RequestDelegate handler = dispatcher.HandleAsync;

        // Every HTTP method: the dispatcher answers 405 itself, with grpc-status beside it.
        endpoints.Map("/{service}/{method}", handler)
            .WithDisplayName("gRPC");
        endpoints.Map("/{**path}", handler)
            .WithDisplayName("gRPC unimplemented")
            .Add(builder => ((RouteEndpointBuilder)builder).Order = int.MaxValue);
        return endpoints;
    }
}
