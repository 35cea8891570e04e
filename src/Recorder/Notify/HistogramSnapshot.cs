namespace SeccompRecorder.Notify;

/// <summary>
/// A histogram as Prometheus exposes it: <see cref="CumulativeCounts"/>[i] samples at most <see cref="UpperBounds"/>[i]
/// seconds, the last entry (+Inf) equal to <see cref="Count"/>.
/// </summary>
internal sealed record HistogramSnapshot(IReadOnlyList<double> UpperBounds, IReadOnlyList<long> CumulativeCounts, double SumSeconds, long Count)
{
    /// <summary>Accumulates per-bucket (not cumulative) counts from several writers.</summary>
    internal sealed class Builder
    {
        public long[] Buckets { get; } = new long[LatencyHistogram.UpperBounds.Length + 1];

        public double SumSeconds { get; set; }

        public HistogramSnapshot Build()
        {
            long[] cumulative = new long[Buckets.Length];
            long running = 0;
            for (int i = 0; i < Buckets.Length; i++)
            {
                running += Buckets[i];
                cumulative[i] = running;
            }

            // Buckets and count are read one after the other while writers run: keep +Inf consistent with the buckets.
            return new HistogramSnapshot(LatencyHistogram.UpperBounds, cumulative, SumSeconds, running);
        }
    }
}
