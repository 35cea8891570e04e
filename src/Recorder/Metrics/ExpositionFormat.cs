namespace SeccompRecorder.Metrics;

/// <summary>What a scrape is answered in, chosen from its Accept header by <see cref="ExpositionNegotiation"/>.</summary>
internal enum ExpositionFormat
{
    /// <summary>The text exposition format 0.0.4: what every scraper reads, and the answer to anything else.</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0.0 text: counter families named without _total, UNIT lines, escaped quotes in HELP, # EOF.</summary>
    OpenMetrics,
}
