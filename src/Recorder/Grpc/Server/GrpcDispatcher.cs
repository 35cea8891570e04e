using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace SeccompRecorder.Grpc.Server;

/// <summary>
/// The request delegate behind every gRPC route: rejects what is not a gRPC call before any handler runs,
/// dispatches by :path, runs the call under its deadline and writes its one status.
/// </summary>
internal sealed class GrpcDispatcher
{
    // A longer grpc-timeout than a timer can hold (~49.7 days) is as good as none.
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly GrpcMethodTable _methods;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<GrpcDispatcher> _logger;

    public GrpcDispatcher(
        GrpcMethodTable methods,
        TimeProvider timeProvider,
        IHostApplicationLifetime lifetime,
        ILogger<GrpcDispatcher> logger)
    {
        _methods = methods;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _logger = logger;
    }

    public Task HandleAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? string.Empty;
        bool known = _methods.TryGetMethod(path, out GrpcMethod? method);
        if (!known && !GrpcProtocol.IsGrpcContentType(context.Request.ContentType))
        {
            // Neither a path of ours nor a gRPC call: not ours to answer.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        if (!TryAccept(context, path))
        {
            return Task.CompletedTask;
        }

        if (method is null)
        {
            WriteUnimplemented(context, path);
            return Task.CompletedTask;
        }

        return InvokeAsync(context, method);
    }

    private void WriteUnimplemented(HttpContext context, string path)
    {
        GrpcServerLog.Unimplemented(_logger, path);
        string service = path.Length > 1 && path.IndexOf('/', 1) is int slash and > 0 ? path[1..slash] : string.Empty;
        GrpcStatusWriter.Write(
            context.Response,
            StatusCode.Unimplemented,
            _methods.HasService(service) ? "Method is unimplemented." : "Service is unimplemented.");
    }

    /// <summary>HTTP/2, POST, a gRPC content type and an encoding we speak, in that order.</summary>
    private bool TryAccept(HttpContext context, string path)
    {
        HttpRequest request = context.Request;
        HttpResponse response = context.Response;
        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            string reason = $"Request protocol '{request.Protocol}' is not supported.";
            GrpcServerLog.RequestRejected(_logger, path, reason);
            // RFC 9110 15.5.22: a 426 names the protocol to switch to. Ours is h2c with prior knowledge.
            response.Headers.Upgrade = "h2c";
            GrpcStatusWriter.WriteHttpError(response, StatusCodes.Status426UpgradeRequired, StatusCode.Internal, reason);
            return false;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            string reason = $"Request method '{request.Method}' is not supported.";
            GrpcServerLog.RequestRejected(_logger, path, reason);
            response.Headers.Allow = HttpMethods.Post;
            GrpcStatusWriter.WriteHttpError(response, StatusCodes.Status405MethodNotAllowed, StatusCode.Internal, reason);
            return false;
        }

        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            string reason = $"Content-Type '{request.ContentType}' is not supported.";
            GrpcServerLog.RequestRejected(_logger, path, reason);
            GrpcStatusWriter.WriteHttpError(response, StatusCodes.Status415UnsupportedMediaType, StatusCode.Internal, reason);
            return false;
        }

        StringValues encoding = request.Headers[GrpcProtocol.EncodingHeader];
        if (!StringValues.IsNullOrEmpty(encoding) && encoding != GrpcProtocol.IdentityEncoding)
        {
            string reason = $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: identity";
            GrpcServerLog.RequestRejected(_logger, path, reason);
            GrpcStatusWriter.Write(response, StatusCode.Unimplemented, reason);
            return false;
        }

        return true;
    }

    private async Task InvokeAsync(HttpContext context, GrpcMethod method)
    {
        CancellationToken aborted = context.RequestAborted;
        CancellationToken stopping = _lifetime.ApplicationStopping;
        TimeSpan? timeout = ReadTimeout(context.Request, method.Path);

        // Three reasons end a call early; the first one wins and the catch filters below tell them apart.
        using var deadline = timeout is { } t && t <= MaxTimerDelay
            ? new CancellationTokenSource(t, _timeProvider)
            : new CancellationTokenSource();
        using var call = CancellationTokenSource.CreateLinkedTokenSource(aborted, deadline.Token, stopping);

        StatusCode code;
        string? detail;
        try
        {
            await method.InvokeAsync(context, call.Token).ConfigureAwait(false);
            code = StatusCode.OK;
            detail = null;
        }
        catch (Exception) when (aborted.IsCancellationRequested)
        {
            // RST_STREAM or a closed connection: nobody is left to read a status.
            GrpcServerLog.CallAborted(_logger, method.Path);
            return;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            GrpcServerLog.DeadlineExceeded(_logger, method.Path, timeout.GetValueOrDefault());
            code = StatusCode.DeadlineExceeded;
            detail = "Deadline Exceeded";
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Long-lived streams must not hold the host's shutdown until its timeout.
            GrpcServerLog.CallEndedByShutdown(_logger, method.Path);
            code = StatusCode.Unavailable;
            detail = "The server is shutting down.";
        }
        catch (OperationCanceledException)
        {
            // None of our reasons: Kestrel's ConnectionAbortedException racing RequestAborted, or a
            // handler's own cancellation. Either way not a failure.
            GrpcServerLog.CallAborted(_logger, method.Path);
            code = StatusCode.Cancelled;
            detail = "Call canceled.";
        }
        catch (GrpcCallException ex)
        {
            GrpcServerLog.CallFailed(_logger, method.Path, ex.StatusCode, ex.Detail);
            code = ex.StatusCode;
            detail = ex.Detail;
        }
        catch (Exception ex)
        {
            // The exception's text may say more than a client should know: it goes to the log only.
            GrpcServerLog.HandlerFailed(_logger, method.Path, ex);
            code = StatusCode.Unknown;
            detail = "Exception was thrown by handler.";
        }

        GrpcStatusWriter.Write(context.Response, code, detail);
    }

    private TimeSpan? ReadTimeout(HttpRequest request, string path)
    {
        string? value = request.Headers[GrpcProtocol.TimeoutHeader];
        if (value is null)
        {
            return null;
        }

        if (GrpcTimeout.TryParse(value, out TimeSpan timeout))
        {
            return timeout;
        }

        GrpcServerLog.InvalidTimeout(_logger, path, value);
        return null;
    }
}
