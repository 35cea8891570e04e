using System.Diagnostics;
using System.IO.Compression;
using SeccompRecorder.Metrics;

namespace SeccompRecorder.MetricsBench;

/// <summary>
/// `SeccompRecorder.MetricsBench phases CONTAINERS SYSCALLS`: where a scrape of our endpoint spends its time, without
/// HTTP: the snapshot (MetricsCollector.Collect), the exposition in each format, and gzip at each level, timed with a
/// stopwatch over <see cref="Rounds"/> rounds after <see cref="Warmup"/> (tier-1 code); medians and ranges.
/// </summary>
internal static class Phases
{
    private const int Warmup = 40;
    private const int Rounds = 20;

    public static void Run(MetricsCollector collector)
    {
        Dictionary<string, List<double>> times = [];
        Dictionary<string, long> sizes = [];
        int capacity = 4096;
        for (int round = 0; round < Warmup + Rounds; round++)
        {
            long start = Stopwatch.GetTimestamp();
            MetricsSnapshot snapshot = collector.Collect();
            Record(round, "snapshot (MetricsCollector.Collect)", start, 0);

            start = Stopwatch.GetTimestamp();
            // With the last exposition's size reserved, as MetricsEndpoint does.
            ReadOnlyMemory<byte> text = RecorderExposition.Serialize(snapshot, ExpositionFormat.PrometheusText, capacity);
            capacity = text.Length + (text.Length / 8);
            Record(round, "text format", start, text.Length);

            start = Stopwatch.GetTimestamp();
            ReadOnlyMemory<byte> openMetrics = RecorderExposition.Serialize(snapshot, ExpositionFormat.OpenMetrics, capacity);
            Record(round, "OpenMetrics", start, openMetrics.Length);

            foreach (CompressionLevel level in (CompressionLevel[])[CompressionLevel.Fastest, CompressionLevel.Optimal])
            {
                start = Stopwatch.GetTimestamp();
                using MemoryStream compressed = new((text.Length / 8) + 64);
                using (GZipStream gzip = new(compressed, level, leaveOpen: true))
                {
                    gzip.Write(text.Span);
                }

                Record(round, $"gzip {level} of the text format", start, compressed.Length);
            }
        }

        Console.WriteLine($"| phase ({Rounds} rounds after {Warmup}) | median ms | min-max ms | bytes |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach ((string phase, List<double> ms) in times)
        {
            ms.Sort();
            Console.WriteLine(FormattableString.Invariant($"| {phase} | {ms[ms.Count / 2]:0.0} | {ms[0]:0.0}-{ms[^1]:0.0} | {(sizes[phase] > 0 ? sizes[phase].ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")} |"));
        }

        void Record(int round, string phase, long start, long bytes)
        {
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (round >= Warmup)
            {
                (times.TryGetValue(phase, out List<double>? list) ? list : times[phase] = []).Add(ms);
                sizes[phase] = bytes;
            }
        }
    }
}
