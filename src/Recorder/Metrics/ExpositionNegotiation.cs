using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace SeccompRecorder.Metrics;

/// <summary>
/// What a scrape's Accept and Accept-Encoding headers ask for (RFC 9110 12.5.1, 12.5.3). Pure functions of the header
/// values; a header that does not parse asks for nothing in particular, which is the text format, uncompressed.
/// </summary>
internal static class ExpositionNegotiation
{
    private const string OpenMetricsMediaType = "application/openmetrics-text";

    /// <summary>
    /// OpenMetrics when the client names application/openmetrics-text (version 1.0.0, or none) with a quality above 0
    /// and at least that of the text format; otherwise the text format 0.0.4, which every scraper reads and which a
    /// client naming neither (*/*, or nothing) gets, as with the Go client. Prometheus 2.x sends
    /// "application/openmetrics-text;version=1.0.0,...,text/plain;version=0.0.4;q=0.5,*/*;q=0.1": OpenMetrics.
    /// </summary>
    public static ExpositionFormat Format(StringValues accept)
    {
        if (!MediaTypeHeaderValue.TryParseList(accept, out IList<MediaTypeHeaderValue>? ranges))
        {
            return ExpositionFormat.PrometheusText;
        }

        double openMetrics = 0;
        double text = 0;
        foreach (MediaTypeHeaderValue range in ranges)
        {
            double quality = range.Quality ?? 1;
            if (range.MediaType.Equals(OpenMetricsMediaType, StringComparison.OrdinalIgnoreCase))
            {
                openMetrics = VersionIs(range, "1.0.0") ? Math.Max(openMetrics, quality) : openMetrics;
            }
            else if (range.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
            {
                text = VersionIs(range, "0.0.4") ? Math.Max(text, quality) : text;
            }
            else if (range.MatchesAllTypes || (range.MatchesAllSubTypes && range.Type.Equals("text", StringComparison.OrdinalIgnoreCase)))
            {
                text = Math.Max(text, quality);
            }
        }

        return openMetrics > 0 && openMetrics >= text ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText;
    }

    /// <summary>Whether the client takes gzip: named with a quality above 0 (a bare "*" is not taken as gzip).</summary>
    public static bool AcceptsGzip(StringValues acceptEncoding) =>
        StringWithQualityHeaderValue.TryParseList(acceptEncoding, out IList<StringWithQualityHeaderValue>? codings)
        && codings.Any(static coding => coding.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && (coding.Quality ?? 1) > 0);

    private static bool VersionIs(MediaTypeHeaderValue range, string version)
    {
        NameValueHeaderValue? parameter = range.Parameters.FirstOrDefault(static p => p.Name.Equals("version", StringComparison.OrdinalIgnoreCase));
        return parameter is null || parameter.Value.Equals(version, StringComparison.Ordinal);
    }
}
