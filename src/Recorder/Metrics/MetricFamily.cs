namespace SeccompRecorder.Metrics;

/// <summary>
/// One counter or gauge family being assembled from a snapshot: its name, help, label names and one value per distinct
/// set of label values. Adding a label set twice sums into the same series (two unknown syscalls of one container are
/// one "unknown" series), so the exposition never carries two samples of one series.
/// </summary>
internal sealed class MetricFamily
{
    private readonly string[] _labelNames;
    private readonly Dictionary<string[], double> _series = new(LabelValuesComparer.Instance);

    public MetricFamily(string name, MetricType type, string help, params string[] labelNames)
    {
        if (!PrometheusText.IsValidMetricName(name))
        {
            throw new ArgumentException($"\"{name}\" is not a valid metric name", nameof(name));
        }

        foreach (string label in labelNames)
        {
            // le and quantile belong to histograms and summaries; a counter carrying one would confuse every reader.
            if (!PrometheusText.IsValidLabelName(label) || label is "le" or "quantile")
            {
                throw new ArgumentException($"\"{label}\" is not a valid label name for {name}", nameof(labelNames));
            }
        }

        if (labelNames.Distinct(StringComparer.Ordinal).Count() != labelNames.Length)
        {
            throw new ArgumentException($"{name} names a label twice", nameof(labelNames));
        }

        Name = name;
        Type = type;
        Help = help;
        _labelNames = labelNames;
    }

    public string Name { get; }

    public MetricType Type { get; }

    public string Help { get; }

    public IReadOnlyList<string> LabelNames => _labelNames;

    public int Count => _series.Count;

    /// <summary>Adds <paramref name="value"/> to the series of <paramref name="labelValues"/> (in label-name order).</summary>
    public void Add(double value, params string[] labelValues)
    {
        if (labelValues.Length != _labelNames.Length)
        {
            throw new ArgumentException($"{Name} has {_labelNames.Length} labels, got {labelValues.Length} values", nameof(labelValues));
        }

        _series[labelValues] = _series.GetValueOrDefault(labelValues) + value;
    }

    /// <summary>The series ordered by label values (ordinal), so the same snapshot always reads the same.</summary>
    public IEnumerable<KeyValuePair<string[], double>> Series() =>
        _series.OrderBy(static series => series.Key, LabelValuesComparer.Instance);

    private sealed class LabelValuesComparer : IEqualityComparer<string[]>, IComparer<string[]>
    {
        public static readonly LabelValuesComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x.AsSpan().SequenceEqual(y, StringComparer.Ordinal);

        public int GetHashCode(string[] values)
        {
            HashCode hash = default;
            foreach (string value in values)
            {
                hash.Add(value, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }

        public int Compare(string[]? x, string[]? y) => x.AsSpan().SequenceCompareTo(y, StringComparer.Ordinal);
    }
}
