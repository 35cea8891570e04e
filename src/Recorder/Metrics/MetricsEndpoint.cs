using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SeccompRecorder.Metrics;

/// <summary>
/// Everything the metrics port answers: GET/HEAD /metrics, a pointer at /, 404 elsewhere. /metrics answers in the text
/// format or OpenMetrics and gzips it as the request's Accept and Accept-Encoding ask. The exposition is written (and
/// compressed) into memory from one snapshot before the status line: a failure is a clean 500 from Kestrel, never a
/// truncated 200 a scraper would half-ingest.
/// </summary>
internal sealed class MetricsEndpoint
{
    public const string Path = "/metrics";

    // Kestrel's default response buffer (MaxResponseBufferSize): one chunk fills it.
    private const int ChunkBytes = 64 * 1024;

    private static readonly byte[] s_index = Encoding.ASCII.GetBytes("seccomp-recorder: Prometheus metrics are at /metrics\n");

    private readonly MetricsCollector _collector;
    private readonly ILogger _logger;

    // The last exposition's size and an eighth: the next one is written without growing (and copying) its buffer.
    private int _capacity = 64 * 1024;

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

        ExpositionFormat format = ExpositionNegotiation.Format(request.Headers.Accept);
        bool gzip = ExpositionNegotiation.AcceptsGzip(request.Headers.AcceptEncoding);
        MetricsSnapshot snapshot = _collector.Collect();
        if (snapshot.Process is null)
        {
            MetricsLog.ProcessUnavailable(_logger);
        }

        ReadOnlyMemory<byte> exposition = RecorderExposition.Serialize(snapshot, format, Volatile.Read(ref _capacity));
        Volatile.Write(ref _capacity, exposition.Length + (exposition.Length / 8));
        ReadOnlyMemory<byte> body = gzip ? Gzip(exposition) : exposition;
        MetricsLog.Scraped(_logger, format, exposition.Length, body.Length, snapshot.Containers.Count);
        context.Response.Headers.Vary = "Accept, Accept-Encoding";
        if (gzip)
        {
            context.Response.Headers.ContentEncoding = "gzip";
        }

        return SendAsync(context, format == ExpositionFormat.OpenMetrics ? PrometheusText.OpenMetricsContentType : PrometheusText.ContentType, body);
    }

    /// <summary>
    /// gzip at its fastest level, as ASP.NET's response compression does by default: at 80,000 series it took 16 ms for
    /// 1.06 MB where the optimal level took 88 ms for 0.61 MB (`SeccompRecorder.MetricsBench phases`, docs/PERFORMANCE.md),
    /// and a scrape may take 100 ms.
    /// </summary>
    private static ReadOnlyMemory<byte> Gzip(ReadOnlyMemory<byte> exposition)
    {
        MemoryStream compressed = new((exposition.Length / 8) + 64);
        using (GZipStream gzip = new(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(exposition.Span);
        }

        return compressed.GetBuffer().AsMemory(0, (int)compressed.Length);
    }

    private static Task SendAsync(HttpContext context, string contentType, ReadOnlyMemory<byte> body)
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

        return WriteAsync(response, body);
    }

    /// <remarks>
    /// In chunks, each flushed: Kestrel copies one write whole into its pinned block pool before back-pressure applies,
    /// and a 19 MB exposition written at once left 38 MB of pool behind after a full GC (bench/metrics). No
    /// cancellation token: a scraper that went away makes Kestrel drop the bytes; that is not an error.
    /// </remarks>
    private static async Task WriteAsync(HttpResponse response, ReadOnlyMemory<byte> body)
    {
        for (int offset = 0; offset < body.Length; offset += ChunkBytes)
        {
            await response.Body.WriteAsync(body.Slice(offset, Math.Min(ChunkBytes, body.Length - offset))).ConfigureAwait(false);
        }
    }
}
