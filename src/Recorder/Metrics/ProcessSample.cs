namespace SeccompRecorder.Metrics;

/// <summary>The daemon process as the Prometheus client libraries describe every process (process_* families).</summary>
internal sealed record ProcessSample(
    double ResidentMemoryBytes,
    double VirtualMemoryBytes,
    double CpuSeconds,
    double OpenFds,
    double MaxFds,
    double StartTimeSeconds);
