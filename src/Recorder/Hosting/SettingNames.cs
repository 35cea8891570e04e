namespace SeccompRecorder.Hosting;

/// <summary>
/// Each daemon setting under its three names: the settings file's key (a <see cref="RecorderOptions"/> property), the
/// command-line flag and the environment variable. Explicit, so SECCOMP_RECORDER_API_TCP means ApiTcp and nothing else.
/// </summary>
internal static class SettingNames
{
    public static IReadOnlyList<(string Key, string Flag, string? Variable)> All { get; } =
    [
        (nameof(RecorderOptions.Listener), "--listener", "SECCOMP_RECORDER_LISTENER"),
        (nameof(RecorderOptions.Api), "--api", "SECCOMP_RECORDER_API"),
        (nameof(RecorderOptions.ApiGroup), "--api-group", "SECCOMP_RECORDER_API_GROUP"),
        (nameof(RecorderOptions.AllowedUids), "--allowed-uid", "SECCOMP_RECORDER_ALLOWED_UID"),
        (nameof(RecorderOptions.ApiTcp), "--api-tcp", "SECCOMP_RECORDER_API_TCP"),
        (nameof(RecorderOptions.Metrics), "--metrics", "SECCOMP_RECORDER_METRICS"),
        (nameof(RecorderOptions.StateDir), "--state-dir", "SECCOMP_RECORDER_STATE_DIR"),
        (nameof(RecorderOptions.MaxMessageBytes), "--max-message-bytes", "SECCOMP_RECORDER_MAX_MESSAGE_BYTES"),
        (nameof(RecorderOptions.ConnectionTimeout), "--connection-timeout", "SECCOMP_RECORDER_CONNECTION_TIMEOUT"),
        (nameof(RecorderOptions.FirstByteTimeout), "--first-byte-timeout", "SECCOMP_RECORDER_FIRST_BYTE_TIMEOUT"),
        (nameof(RecorderOptions.MaxWaitingConnections), "--max-waiting-connections", "SECCOMP_RECORDER_MAX_WAITING_CONNECTIONS"),
        (nameof(RecorderOptions.DefaultPolicy), "--default-policy", "SECCOMP_RECORDER_DEFAULT_POLICY"),
        (nameof(RecorderOptions.DefaultErrno), "--default-errno", "SECCOMP_RECORDER_DEFAULT_ERRNO"),
        (nameof(RecorderOptions.Grace), "--grace", "SECCOMP_RECORDER_GRACE"),
        (nameof(RecorderOptions.CrioCompatibleMetrics), "--crio-compatible-metrics", "SECCOMP_RECORDER_CRIO_COMPATIBLE_METRICS"),
        (nameof(RecorderOptions.MetricsRetention), "--metrics-retention", "SECCOMP_RECORDER_METRICS_RETENTION"),
        (nameof(RecorderOptions.Retention), "--retention", "SECCOMP_RECORDER_RETENTION"),
        (nameof(RecorderOptions.FdStore), "--fd-store", "SECCOMP_RECORDER_FD_STORE"),
        // A takeover is a way of starting, not a setting to keep in a file or the environment.
        (nameof(RecorderOptions.Takeover), "--takeover", null),
    ];

    /// <summary>The flag of the setting whose key is <paramref name="key"/>: how messages name it by default.</summary>
    public static string Flag(string key)
    {
        foreach ((string k, string flag, _) in All)
        {
            if (string.Equals(k, key, StringComparison.Ordinal))
            {
                return flag;
            }
        }

        return key;
    }
}
