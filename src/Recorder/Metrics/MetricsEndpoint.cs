using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SeccompRecorder.Metrics;

/// <summary>
/// Everything the metrics port answers: GET/HEAD /metrics, a pointer at /, 404 elsewhere. The exposition is written
/// into memory from one snapshot before the status line: a failure is a clean 500 from Kestrel, never a truncated
/// 200 a scraper would half-ingest.
/// </summary>
internal sealed class MetricsEndpoint
{
    public const string Path = "/metrics";

    private static readonly byte[] s_index = Encoding.ASCII.GetBytes("seccomp-recorder: Prometheus metrics are at /metrics\n");

    private readonly MetricsCollector _collector;
    private readonly ILogger _logger;

    public MetricsEndpoint(MetricsCollector collector, ILogger<MetricsEndpoint> logger)
    {
        _collector = collector;
        _logger = logger;
    }

    public Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        bool known = request.Path == Path || request.Path == "/";
        if (!known)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return Task.CompletedTask;
        }

        if (request.Path == "/")
        {
            return SendAsync(context, "text/plain; charset=utf-8", s_index);
        }

        MetricsSnapshot snapshot = _collector.Collect();
        if (snapshot.Process is null)
        {
            MetricsLog.ProcessUnavailable(_logger);
        }

        byte[] body = RecorderExposition.Serialize(snapshot);
        MetricsLog.Scraped(_logger, body.Length, snapshot.Containers.Count);
        return SendAsync(context, PrometheusText.ContentType, body);
    }

    private static Task SendAsync(HttpContext context, string contentType, byte[] body)
    {
        HttpResponse response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        response.Headers.CacheControl = "no-store";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }

        // No cancellation token: a scraper that went away makes Kestrel drop the bytes; that is not an error.
        return response.Body.WriteAsync(body, 0, body.Length);
    }
}
