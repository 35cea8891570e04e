using System.Buffers;
using System.Globalization;
using SeccompRecorder.Notify;

namespace SeccompRecorder.Metrics;

/// <summary>
/// Writes families as UTF-8 straight into memory, in the text format 0.0.4 or OpenMetrics 1.0.0: HELP and TYPE once
/// per family, one line per series, "\n" endings. The caller sends the bytes only once <see cref="Finish"/> has
/// returned them (nothing half-done reaches a scraper). A name a family's samples use, or OpenMetrics' family name of
/// it, may appear only once; a counter's name ends in _total, so its series read the same in both formats.
/// </summary>
/// <remarks>
/// <code>
/// # HELP name escaped-help                      (OpenMetrics: a counter's family name drops _total; quotes escaped)
/// # TYPE name counter|gauge|histogram
/// # UNIT name seconds|bytes                     (OpenMetrics only: families whose name ends in the unit)
/// name{label="escaped-value",...} value
/// # EOF                                         (OpenMetrics only)
/// </code>
/// Why our own writer and not prometheus-net (issue 11 point 3): at the budget's 1000 containers x 40 syscalls x both
/// actions (80,000 series, 19 MB) prometheus-net 8.2.1 took several times the 100 ms a scrape may take, and it holds
/// every series as an object between scrapes; this writer copies label values from the snapshot without keeping
/// anything. The numbers are in docs/PERFORMANCE.md and docs/DEPENDENCIES.md (bench/metrics.sh measures both).
/// </remarks>
internal sealed class ExpositionWriter
{
    private const string Total = "_total";

    // Escaped in label values in both formats; in HELP the text format leaves a quote as it is.
    private static readonly SearchValues<char> s_labelEscapes = SearchValues.Create("\\\"\n");
    private static readonly SearchValues<char> s_textHelpEscapes = SearchValues.Create("\\\n");

    private readonly ArrayBufferWriter<byte> _out;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private string? _sampleName;
    private IReadOnlyList<string> _labelNames = [];
    private bool _finished;

    /// <param name="format">The format of every line written.</param>
    /// <param name="capacity">Bytes to start with: the last scrape's size spares the copies of growing.</param>
    public ExpositionWriter(ExpositionFormat format, int capacity = 4096)
    {
        Format = format;
        _out = new ArrayBufferWriter<byte>(Math.Max(capacity, 256));
    }

    public ExpositionFormat Format { get; }

    /// <summary>Bytes written so far.</summary>
    public int Length => _out.WrittenCount;

    public void Write(MetricFamily family)
    {
        BeginFamily(family.Name, family.Type, family.Help, family.LabelNames);
        foreach ((string[] labelValues, double value) in family.Series())
        {
            WriteSample(value, labelValues);
        }
    }

    /// <summary>
    /// Starts a counter or gauge family: its header now, its series with <see cref="WriteSample"/>, one per label set, in
    /// the order they are to appear.
    /// </summary>
    public void BeginFamily(string name, MetricType type, string help, IReadOnlyList<string> labelNames)
    {
        if (type == MetricType.Counter)
        {
            Claim(name);
            if (!name.EndsWith(Total, StringComparison.Ordinal) || name.Length == Total.Length)
            {
                // OpenMetrics names a counter's samples family_total: a name without it would differ between formats.
                throw new ArgumentException($"counter {name} does not end in {Total}", nameof(name));
            }

            string family = name[..^Total.Length];
            Claim(family, family + "_created");
            WriteHeader(Format == ExpositionFormat.OpenMetrics ? family : name, "counter", help);
        }
        else
        {
            Claim(name);
            WriteHeader(name, "gauge", help);
        }

        _sampleName = name;
        _labelNames = labelNames;
    }

    /// <summary>One series of the family begun last: its label values in the family's label order.</summary>
    public void WriteSample(double value, params ReadOnlySpan<string> labelValues)
    {
        if (_sampleName is null)
        {
            throw new InvalidOperationException("no counter or gauge family begun");
        }

        if (labelValues.Length != _labelNames.Count)
        {
            throw new ArgumentException($"{_sampleName} has {_labelNames.Count} labels, got {labelValues.Length} values", nameof(labelValues));
        }

        AppendAscii(_sampleName);
        if (labelValues.Length > 0)
        {
            for (int i = 0; i < labelValues.Length; i++)
            {
                AppendAscii(i == 0 ? "{" : ",");
                AppendAscii(_labelNames[i]);
                AppendAscii("=\"");
                AppendEscaped(labelValues[i], s_labelEscapes);
                AppendAscii("\"");
            }

            AppendAscii("}");
        }

        AppendAscii(" ");
        AppendValue(value);
        AppendAscii("\n");
    }

    /// <summary>An unlabelled histogram: name_bucket{le} per upper bound then +Inf, name_sum, name_count.</summary>
    public void WriteHistogram(string name, string help, HistogramSnapshot histogram)
    {
        if (histogram.CumulativeCounts.Count != histogram.UpperBounds.Count + 1)
        {
            throw new ArgumentException($"{name}: {histogram.UpperBounds.Count} bounds need {histogram.UpperBounds.Count + 1} cumulative counts", nameof(histogram));
        }

        Claim(name, name + "_bucket", name + "_sum", name + "_count", name + "_created");
        WriteHeader(name, "histogram", help);
        _sampleName = null;
        for (int i = 0; i < histogram.CumulativeCounts.Count; i++)
        {
            double bound = i < histogram.UpperBounds.Count ? histogram.UpperBounds[i] : double.PositiveInfinity;
            AppendAscii(name);
            AppendAscii("_bucket{le=\"");
            AppendAscii(PrometheusText.FormatDouble(bound));
            AppendAscii("\"} ");
            AppendValue(histogram.CumulativeCounts[i]);
            AppendAscii("\n");
        }

        AppendAscii(name);
        AppendAscii("_sum ");
        AppendValue(histogram.SumSeconds);
        AppendAscii("\n");
        AppendAscii(name);
        AppendAscii("_count ");
        AppendValue(histogram.Count);
        AppendAscii("\n");
    }

    /// <summary>The whole exposition; OpenMetrics' "# EOF" is written the first time. Nothing may be written after.</summary>
    public ReadOnlyMemory<byte> Finish()
    {
        if (!_finished && Format == ExpositionFormat.OpenMetrics)
        {
            AppendAscii("# EOF\n");
        }

        _finished = true;
        _sampleName = null;
        return _out.WrittenMemory;
    }

    /// <summary>What is written so far, as text (the golden tests compare it).</summary>
    public override string ToString() => PrometheusText.Utf8.GetString(_out.WrittenSpan);

    private void Claim(params ReadOnlySpan<string> names)
    {
        if (_finished)
        {
            throw new InvalidOperationException("the exposition is finished");
        }

        foreach (string name in names)
        {
            if (!PrometheusText.IsValidMetricName(name))
            {
                throw new ArgumentException($"\"{name}\" is not a valid metric name", nameof(names));
            }

            if (!_names.Add(name))
            {
                throw new InvalidOperationException($"{name} is already in this exposition");
            }
        }
    }

    private void WriteHeader(string name, string type, string help)
    {
        AppendAscii("# HELP ");
        AppendAscii(name);
        AppendAscii(" ");
        // OpenMetrics escapes HELP as it escapes label values; the text format leaves a double quote as it is.
        AppendEscaped(help, Format == ExpositionFormat.OpenMetrics ? s_labelEscapes : s_textHelpEscapes);
        AppendAscii("\n# TYPE ");
        AppendAscii(name);
        AppendAscii(" ");
        AppendAscii(type);
        AppendAscii("\n");
        if (Format == ExpositionFormat.OpenMetrics && Unit(name) is { } unit)
        {
            AppendAscii("# UNIT ");
            AppendAscii(name);
            AppendAscii(" ");
            AppendAscii(unit);
            AppendAscii("\n");
        }
    }

    /// <summary>The base unit a family's name ends in, which OpenMetrics lets it declare (and then requires the suffix).</summary>
    private static string? Unit(string family) =>
        family.EndsWith("_seconds", StringComparison.Ordinal) ? "seconds"
        : family.EndsWith("_bytes", StringComparison.Ordinal) ? "bytes"
        : null;

    private void AppendEscaped(ReadOnlySpan<char> text, SearchValues<char> escapes)
    {
        while (true)
        {
            int special = text.IndexOfAny(escapes);
            if (special < 0)
            {
                AppendUtf8(text);
                return;
            }

            AppendUtf8(text[..special]);
            AppendAscii(text[special] switch
            {
                '\\' => @"\\",
                '"' => "\\\"",
                _ => @"\n",
            });
            text = text[(special + 1)..];
        }
    }

    /// <summary>Integers below 1e15 as digits (what the round-trip format writes for them too), the rest as <see cref="PrometheusText.FormatDouble"/>.</summary>
    private void AppendValue(double value)
    {
        if (Math.Abs(value) < 1e15 && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value)))
        {
            Span<byte> digits = _out.GetSpan(20);
            if (((long)value).TryFormat(digits, out int written, default, CultureInfo.InvariantCulture))
            {
                _out.Advance(written);
                return;
            }
        }

        AppendAscii(PrometheusText.FormatDouble(value));
    }

    private void AppendAscii(string text) => AppendUtf8(text);

    /// <summary>UTF-8 without a BOM; a lone surrogate becomes U+FFFD (escape characters are ASCII, so a pair is never cut).</summary>
    private void AppendUtf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        Span<byte> span = _out.GetSpan(PrometheusText.Utf8.GetMaxByteCount(text.Length));
        _out.Advance(PrometheusText.Utf8.GetBytes(text, span));
    }
}
