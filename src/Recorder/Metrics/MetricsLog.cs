using Microsoft.Extensions.Logging;

namespace SeccompRecorder.Metrics;

internal static partial class MetricsLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Serving Prometheus metrics on http://{Endpoint}/metrics")]
    public static partial void Serving(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 501, Level = LogLevel.Debug, Message = "Scrape: {Format}, {Bytes} bytes ({Sent} sent), {Containers} containers exported")]
    public static partial void Scraped(ILogger logger, ExpositionFormat format, int bytes, int sent, int containers);

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "procfs could not be read: the process_* families are left out of this scrape")]
    public static partial void ProcessUnavailable(ILogger logger);
}
