using System.Globalization;
using System.Text;

namespace SeccompRecorder.Metrics;

/// <summary>
/// The lexical rules the text exposition format 0.0.4 and OpenMetrics 1.0.0 share: which names are valid, how numbers
/// are written, the content types. Pure functions; <see cref="ExpositionWriter"/> applies them and escapes.
/// </summary>
internal static class PrometheusText
{
    /// <summary>The text format's content type: the answer unless a scraper asks for OpenMetrics.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>OpenMetrics 1.0.0's content type (what Prometheus asks for first).</summary>
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /// <summary>UTF-8 without a BOM; a lone surrogate becomes U+FFFD instead of invalid UTF-8 on the wire.</summary>
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>[a-zA-Z_:][a-zA-Z0-9_:]*</summary>
    public static bool IsValidMetricName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != ':')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>[a-zA-Z_][a-zA-Z0-9_]*, and not the __ prefix Prometheus reserves for itself.</summary>
    public static bool IsValidLabelName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]) || name.StartsWith("__", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A sample value as Go's ParseFloat reads it: +Inf, -Inf, NaN, integers without a fraction, otherwise the shortest
    /// round-trip form ("2.5e-06", "0.0001"), never a culture's decimal comma.
    /// </summary>
    public static string FormatDouble(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        if (double.IsNaN(value))
        {
            return "NaN";
        }

        // Lower-case exponent as Go's strconv writes it, so le labels read the same as other exporters'.
        return value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
    }

    public static string FormatInteger(long value) => value.ToString(CultureInfo.InvariantCulture);
}
