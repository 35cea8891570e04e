using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Grpc.Services;

namespace SeccompRecorder.Grpc.Server;

/// <summary>
/// Every status a handler chooses passes here: logged at Debug (a refused request is the client's business, not an
/// error of ours) and its message cut to <see cref="GrpcLimits.MaxStatusDetailBytes"/>, whatever a handler put in it.
/// Any other exception is a bug: logged as an error here, and Grpc.AspNetCore answers UNKNOWN without its text. A call
/// the client cancelled is neither.
/// </summary>
internal sealed class StatusInterceptor : Interceptor
{
    private readonly ILogger<StatusInterceptor> _logger;

    public StatusInterceptor(ILogger<StatusInterceptor> logger) => _logger = logger;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw Bounded(e, context.Method);
        }
        catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
        {
            GrpcServerLog.HandlerFailed(_logger, context.Method, e);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw Bounded(e, context.Method);
        }
        catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
        {
            GrpcServerLog.HandlerFailed(_logger, context.Method, e);
            throw;
        }
    }

    private RpcException Bounded(RpcException e, string method)
    {
        string detail = EchoedText.BoundUtf8(e.Status.Detail, GrpcLimits.MaxStatusDetailBytes);
        GrpcServerLog.CallFailed(_logger, method, e.StatusCode, detail);
        return ReferenceEquals(detail, e.Status.Detail) ? e : new RpcException(new Status(e.StatusCode, detail), e.Trailers);
    }
}
