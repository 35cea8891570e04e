using System.Runtime.CompilerServices;

namespace SeccompRecorder.Notify;

/// <summary>
/// Notification handling time of one notify thread (RECV returned to SEND returned), in Prometheus-style buckets.
/// One writer (its thread): plain increments published with Volatile, no interlocked work and no syscall (timestamps
/// come from the vDSO clock the hot path reads anyway). Readers sum snapshots; a torn read is at most one sample off.
/// </summary>
internal sealed class LatencyHistogram
{
    /// <summary>Upper bounds in seconds: 1 us to 10 ms, where a notification's handling time lives.</summary>
    public static readonly double[] UpperBounds = [0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01];

    private readonly long[] _thresholds;
    private readonly long[] _buckets = new long[UpperBounds.Length + 1];
    private readonly double _secondsPerTick;
    private long _sumTicks;

    public LatencyHistogram(long ticksPerSecond)
    {
        _secondsPerTick = 1.0 / ticksPerSecond;
        _thresholds = Array.ConvertAll(UpperBounds, bound => (long)Math.Round(bound * ticksPerSecond));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Record(long elapsedTicks)
    {
        int bucket = 0;
        while (bucket < _thresholds.Length && elapsedTicks > _thresholds[bucket])
        {
            bucket++;
        }

        Volatile.Write(ref _buckets[bucket], _buckets[bucket] + 1);
        Volatile.Write(ref _sumTicks, _sumTicks + elapsedTicks);
    }

    public void AddTo(HistogramSnapshot.Builder total)
    {
        for (int i = 0; i < _buckets.Length; i++)
        {
            total.Buckets[i] += Volatile.Read(ref _buckets[i]);
        }

        total.SumSeconds += Volatile.Read(ref _sumTicks) * _secondsPerTick;
    }
}
