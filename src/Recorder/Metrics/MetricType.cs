namespace SeccompRecorder.Metrics;

/// <summary>The TYPE line of a family; histograms are written by <see cref="ExpositionWriter.WriteHistogram"/>.</summary>
internal enum MetricType
{
    Counter,
    Gauge,
}
