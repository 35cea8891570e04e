using System.Text;
using SeccompRecorder.Notify;

namespace SeccompRecorder.Metrics;

/// <summary>
/// Writes families in the text exposition format 0.0.4 into memory: HELP and TYPE once per family, one line per series,
/// "\n" endings. The caller sends the bytes only once the whole exposition is written (nothing half-done reaches a
/// scraper). A family name, or a sample name a histogram derives from its name, may appear only once.
/// </summary>
/// <remarks>
/// <code>
/// # HELP name escaped-help
/// # TYPE name counter|gauge|histogram
/// name{label="escaped-value",...} value
/// </code>
/// </remarks>
internal sealed class PrometheusTextWriter
{
    private readonly StringBuilder _text = new();
    private readonly HashSet<string> _sampleNames = new(StringComparer.Ordinal);

    public void Write(MetricFamily family)
    {
        Claim(family.Name, family.Name);
        WriteHeader(family.Name, family.Type == MetricType.Counter ? "counter" : "gauge", family.Help);
        foreach ((string[] labelValues, double value) in family.Series())
        {
            _text.Append(family.Name);
            AppendLabels(family.LabelNames, labelValues, extraName: null, extraValue: null);
            _text.Append(' ').Append(PrometheusText.FormatDouble(value)).Append('\n');
        }
    }

    /// <summary>An unlabelled histogram: name_bucket{le} per upper bound then +Inf, name_sum, name_count.</summary>
    public void WriteHistogram(string name, string help, HistogramSnapshot histogram)
    {
        if (histogram.CumulativeCounts.Count != histogram.UpperBounds.Count + 1)
        {
            throw new ArgumentException($"{name}: {histogram.UpperBounds.Count} bounds need {histogram.UpperBounds.Count + 1} cumulative counts", nameof(histogram));
        }

        Claim(name, name, name + "_bucket", name + "_sum", name + "_count");
        WriteHeader(name, "histogram", help);
        for (int i = 0; i < histogram.CumulativeCounts.Count; i++)
        {
            double bound = i < histogram.UpperBounds.Count ? histogram.UpperBounds[i] : double.PositiveInfinity;
            _text.Append(name).Append("_bucket");
            AppendLabels([], [], "le", PrometheusText.FormatDouble(bound));
            _text.Append(' ').Append(PrometheusText.FormatInteger(histogram.CumulativeCounts[i])).Append('\n');
        }

        _text.Append(name).Append("_sum ").Append(PrometheusText.FormatDouble(histogram.SumSeconds)).Append('\n');
        _text.Append(name).Append("_count ").Append(PrometheusText.FormatInteger(histogram.Count)).Append('\n');
    }

    public override string ToString() => _text.ToString();

    public byte[] ToUtf8() => PrometheusText.Utf8.GetBytes(_text.ToString());

    private void Claim(string family, params string[] sampleNames)
    {
        if (!PrometheusText.IsValidMetricName(family))
        {
            throw new ArgumentException($"\"{family}\" is not a valid metric name", nameof(family));
        }

        foreach (string sampleName in sampleNames)
        {
            if (!_sampleNames.Add(sampleName))
            {
                throw new InvalidOperationException($"{sampleName} is already in this exposition");
            }
        }
    }

    private void WriteHeader(string name, string type, string help)
    {
        _text.Append("# HELP ").Append(name).Append(' ');
        PrometheusText.AppendHelp(_text, help);
        _text.Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    private void AppendLabels(IReadOnlyList<string> names, string[] values, string? extraName, string? extraValue)
    {
        if (names.Count == 0 && extraName is null)
        {
            return;
        }

        _text.Append('{');
        for (int i = 0; i < names.Count; i++)
        {
            _text.Append(i == 0 ? "" : ",").Append(names[i]).Append("=\"");
            PrometheusText.AppendLabelValue(_text, values[i]);
            _text.Append('"');
        }

        if (extraName is not null)
        {
            _text.Append(names.Count == 0 ? "" : ",").Append(extraName).Append("=\"");
            PrometheusText.AppendLabelValue(_text, extraValue!);
            _text.Append('"');
        }

        _text.Append('}');
    }
}
