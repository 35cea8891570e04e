using System.Globalization;
using System.Text;

namespace SeccompRecorder.Metrics;

/// <summary>
/// The lexical rules of the Prometheus text exposition format 0.0.4: which names are valid, how label values and HELP
/// are escaped, how numbers are written. Pure functions; <see cref="PrometheusTextWriter"/> applies them.
/// </summary>
internal static class PrometheusText
{
    /// <summary>The one content type we answer with (Prometheus falls back to it from OpenMetrics).</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

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

    /// <summary>Label values: backslash, double quote and line feed are escaped; everything else is literal UTF-8.</summary>
    public static void AppendLabelValue(StringBuilder text, string value)
    {
        foreach (char c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
    }

    /// <summary>HELP text: backslash and line feed are escaped (a double quote is literal there).</summary>
    public static void AppendHelp(StringBuilder text, string help)
    {
        foreach (char c in help)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
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
