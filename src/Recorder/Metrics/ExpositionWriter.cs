using System.Buffers;
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
/// Why our own writer and not prometheus-net (issue 11 point 3), measured with bench/metrics.sh: at the budget's 1000
/// containers x 40 syscalls x both actions (80,000 series, 19 MB) a prometheus-net 8.2.1 prototype needed 220-340 ms
/// of CPU a scrape where a scrape may take 100 ms, and after a full GC its process held 39 MiB more than ours did
/// (32 allowed): it keeps every series as an object between scrapes, this writer copies label values from one snapshot
/// and keeps nothing. The numbers are in docs/DEPENDENCIES.md and docs/PERFORMANCE.md.
/// </remarks>
internal sealed partial class ExpositionWriter
{
    private const string Total = "_total";

    // Escaped in label values in both formats; in HELP the text format leaves a quote as it is.
    private static readonly SearchValues<char> s_labelEscapes = SearchValues.Create("\\\"\n");
    private static readonly SearchValues<char> s_textHelpEscapes = SearchValues.Create("\\\n");

    private readonly ArrayBufferWriter<byte> _out;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private bool _finished;

    // The counter or gauge family begun last: the sample name alone as a prefix, and what comes before each label's
    // value ({name=" for the first, ",name=" after it). Null while none is open.
    private SamplePrefix? _family;
    private byte[][] _labelStarts = [];

    /// <param name="format">The format of every line written.</param>
    /// <param name="capacity">Bytes to start with: the last scrape's size spares the copies of growing.</param>
    public ExpositionWriter(ExpositionFormat format, int capacity = 4096)
    {
        Format = format;
        _out = new ArrayBufferWriter<byte>(Math.Max(capacity, 256));
    }

    public ExpositionFormat Format { get; }

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

        _labelStarts = new byte[labelNames.Count][];
        for (int i = 0; i < labelNames.Count; i++)
        {
            _labelStarts[i] = PrometheusText.Utf8.GetBytes((i == 0 ? "{" : "\",") + labelNames[i] + "=\"");
        }

        _family = new SamplePrefix(PrometheusText.Utf8.GetBytes(name), 0, new object());
    }

    /// <summary>One series of the family begun last: its label values in the family's label order.</summary>
    public void WriteSample(double value, params ReadOnlySpan<string> labelValues) => WriteSample(OpenFamily(), value, labelValues);

    /// <summary>Encodes the sample name and the first label values of series of the family begun last.</summary>
    public SamplePrefix Prefix(params ReadOnlySpan<string> leadingValues)
    {
        SamplePrefix family = OpenFamily();
        if (leadingValues.Length > _labelStarts.Length)
        {
            throw new ArgumentException($"the family has {_labelStarts.Length} labels, got {leadingValues.Length} values", nameof(leadingValues));
        }

        ArrayBufferWriter<byte> prefix = new(256);
        Append(prefix, family.Bytes);
        for (int i = 0; i < leadingValues.Length; i++)
        {
            Append(prefix, _labelStarts[i]);
            AppendEscaped(prefix, leadingValues[i], s_labelEscapes);
        }

        return new SamplePrefix(prefix.WrittenSpan.ToArray(), leadingValues.Length, family.Family);
    }

    /// <summary>Encodes the label values from <paramref name="firstLabel"/> to the family's last, and the end of the label set.</summary>
    public SampleSuffix Suffix(int firstLabel, params ReadOnlySpan<string> values)
    {
        SamplePrefix family = OpenFamily();
        if (firstLabel < 0 || values.Length == 0 || firstLabel + values.Length != _labelStarts.Length)
        {
            throw new ArgumentException($"the family has {_labelStarts.Length} labels, got {values.Length} values from label {firstLabel}", nameof(values));
        }

        ArrayBufferWriter<byte> suffix = new(256);
        for (int i = 0; i < values.Length; i++)
        {
            Append(suffix, _labelStarts[firstLabel + i]);
            AppendEscaped(suffix, values[i], s_labelEscapes);
        }

        Append(suffix, "\"} "u8);
        return new SampleSuffix(suffix.WrittenSpan.ToArray(), firstLabel, family.Family);
    }

    /// <summary>One series of the family begun last, from a prefix and the suffix that continues it.</summary>
    public void WriteSample(SamplePrefix prefix, SampleSuffix suffix, double value)
    {
        object family = OpenFamily().Family;
        if (!ReferenceEquals(prefix.Family, family) || !ReferenceEquals(suffix.Family, family) || suffix.FirstLabel != prefix.Labels)
        {
            throw new ArgumentException("the prefix and suffix do not make one label set of this family", nameof(suffix));
        }

        Append(_out, prefix.Bytes);
        Append(_out, suffix.Bytes);
        AppendValue(value);
        Append(_out, "\n"u8);
    }

    /// <summary>One series of the family begun last: <paramref name="prefix"/>'s labels, then the rest in label order.</summary>
    public void WriteSample(SamplePrefix prefix, double value, params ReadOnlySpan<string> labelValues)
    {
        if (!ReferenceEquals(prefix.Family, OpenFamily().Family))
        {
            throw new ArgumentException("the prefix belongs to another family", nameof(prefix));
        }

        if (prefix.Labels + labelValues.Length != _labelStarts.Length)
        {
            throw new ArgumentException($"the family has {_labelStarts.Length} labels, got {prefix.Labels + labelValues.Length} values", nameof(labelValues));
        }

        Append(_out, prefix.Bytes);
        for (int i = 0; i < labelValues.Length; i++)
        {
            Append(_out, _labelStarts[prefix.Labels + i]);
            AppendEscaped(_out, labelValues[i], s_labelEscapes);
        }

        Append(_out, _labelStarts.Length > 0 ? "\"} "u8 : " "u8);
        AppendValue(value);
        Append(_out, "\n"u8);
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
        _family = null;
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
        _family = null;
        return _out.WrittenMemory;
    }

    /// <summary>What is written so far, as text (the golden tests compare it).</summary>
    public override string ToString() => PrometheusText.Utf8.GetString(_out.WrittenSpan);

    private SamplePrefix OpenFamily() => _family ?? throw new InvalidOperationException("no counter or gauge family begun");

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
        AppendEscaped(_out, help, Format == ExpositionFormat.OpenMetrics ? s_labelEscapes : s_textHelpEscapes);
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
}
