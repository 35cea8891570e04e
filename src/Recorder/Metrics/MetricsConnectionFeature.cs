namespace SeccompRecorder.Metrics;

/// <summary>
/// Marks a connection as accepted on the metrics endpoint. Set by connection middleware on that listener only, so a
/// request cannot claim it (unlike a Host header), and requests on the API socket never see it.
/// </summary>
internal sealed class MetricsConnectionFeature
{
    public static readonly MetricsConnectionFeature Instance = new();

    private MetricsConnectionFeature()
    {
    }
}
