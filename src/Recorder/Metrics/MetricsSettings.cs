namespace SeccompRecorder.Metrics;

/// <summary>The metrics options, parsed: --crio-compatible-metrics and --metrics-retention.</summary>
internal sealed record MetricsSettings(bool CrioCompatible, TimeSpan Retention);
