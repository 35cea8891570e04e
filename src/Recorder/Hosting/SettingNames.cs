namespace SeccompRecorder.Hosting;

/// <summary>How a setting is given on the command line: a value, a switch, or a repeatable list.</summary>
internal enum SettingKind
{
    Text,
    Switch,
    List,
}

/// <summary>One daemon setting under its three names, with its help text.</summary>
/// <param name="Key">The settings file's key: a <see cref="RecorderOptions"/> property.</param>
/// <param name="Flag">The command-line flag.</param>
/// <param name="Variable">The environment variable; null where a setting is not one to keep there.</param>
internal sealed record DaemonSetting(string Key, string Flag, string? Variable, SettingKind Kind, string Description);

/// <summary>
/// Every daemon setting, once: the command line's options, the environment's variables and the messages that name a
/// setting all come from this table. Explicit, so SECCOMP_RECORDER_API_TCP means ApiTcp and nothing else.
/// </summary>
internal static class SettingNames
{
    public static IReadOnlyList<DaemonSetting> All { get; } =
    [
        new(nameof(RecorderOptions.Listener), "--listener", "SECCOMP_RECORDER_LISTENER", SettingKind.Text,
            $"Socket runtimes hand notify fds to (linux.seccomp.listenerPath) [default: {RecorderOptions.DefaultListener}]"),
        new(nameof(RecorderOptions.Api), "--api", "SECCOMP_RECORDER_API", SettingKind.Text,
            $"gRPC API Unix socket [default: {RecorderOptions.DefaultApi}]"),
        new(nameof(RecorderOptions.ApiGroup), "--api-group", "SECCOMP_RECORDER_API_GROUP", SettingKind.Text,
            "Give the API socket (mode 0660) to this group, a name or a gid [default: root's group]"),
        new(nameof(RecorderOptions.AllowedUids), "--allowed-uid", "SECCOMP_RECORDER_ALLOWED_UID", SettingKind.List,
            "Uid besides root that may connect to the listener (the runtime's user); repeatable or comma-separated"),
        new(nameof(RecorderOptions.ApiTcp), "--api-tcp", "SECCOMP_RECORDER_API_TCP", SettingKind.Text,
            "Also serve the gRPC API on HOST:PORT, with mutual TLS (--api-tls-cert, --api-tls-key, --api-tls-client-ca) or --api-tcp-insecure"),
        new(nameof(RecorderOptions.ApiTlsCert), "--api-tls-cert", "SECCOMP_RECORDER_API_TLS_CERT", SettingKind.Text,
            "PEM certificate of the TCP API (re-read when it changes)"),
        new(nameof(RecorderOptions.ApiTlsKey), "--api-tls-key", "SECCOMP_RECORDER_API_TLS_KEY", SettingKind.Text,
            "PEM private key of --api-tls-cert (re-read when it changes)"),
        new(nameof(RecorderOptions.ApiTlsClientCa), "--api-tls-client-ca", "SECCOMP_RECORDER_API_TLS_CLIENT_CA", SettingKind.Text,
            "PEM CA that TCP API clients' certificates must be signed by; a client without one is refused (re-read when it changes)"),
        new(nameof(RecorderOptions.ApiTcpInsecure), "--api-tcp-insecure", "SECCOMP_RECORDER_API_TCP_INSECURE", SettingKind.Switch,
            "Serve --api-tcp in plaintext with no authentication: anyone who reaches it reads and deletes recordings"),
        new(nameof(RecorderOptions.Metrics), "--metrics", "SECCOMP_RECORDER_METRICS", SettingKind.Text,
            "Prometheus endpoint HOST:PORT [default: 127.0.0.1:9756]"),
        new(nameof(RecorderOptions.StateDir), "--state-dir", "SECCOMP_RECORDER_STATE_DIR", SettingKind.Text,
            "Directory for recordings kept across restarts [default: /var/lib/seccomp-recorder]"),
        new(nameof(RecorderOptions.MaxMessageBytes), "--max-message-bytes", "SECCOMP_RECORDER_MAX_MESSAGE_BYTES", SettingKind.Text,
            "Largest runtime message accepted on the listener [default: 1048576]"),
        new(nameof(RecorderOptions.ConnectionTimeout), "--connection-timeout", "SECCOMP_RECORDER_CONNECTION_TIMEOUT", SettingKind.Text,
            "How long a runtime may take to send its message once its first byte has arrived [default: 5s]"),
        new(nameof(RecorderOptions.FirstByteTimeout), "--first-byte-timeout", "SECCOMP_RECORDER_FIRST_BYTE_TIMEOUT", SettingKind.Text,
            "How long a runtime connection may wait for its first byte; off or 0: no limit (crun writes only once the container starts) [default: off]"),
        new(nameof(RecorderOptions.MaxWaitingConnections), "--max-waiting-connections", "SECCOMP_RECORDER_MAX_WAITING_CONNECTIONS", SettingKind.Text,
            "Most runtime connections waiting for their first byte at once; beyond it runtimes wait in the socket's backlog [default: 1024]"),
        new(nameof(RecorderOptions.DefaultPolicy), "--default-policy", "SECCOMP_RECORDER_DEFAULT_POLICY", SettingKind.Text,
            "Policy when listenerMetadata and annotations name none: record, audit, log or stop [default: record]"),
        new(nameof(RecorderOptions.DefaultErrno), "--default-errno", "SECCOMP_RECORDER_DEFAULT_ERRNO", SettingKind.Text,
            "errno for denied syscalls: a name (ENOSYS, EPERM) or a number [default: ENOSYS]"),
        new(nameof(RecorderOptions.ExpectedDenials), "--expected-denials", "SECCOMP_RECORDER_EXPECTED_DENIALS", SettingKind.List,
            "Syscalls a source profile answers ENOSYS only to force a fallback (clone3 -> clone): answered as the source says, never violations; "
            + "repeatable or comma-separated, or none [default: " + string.Join(",", Policy.Answers.ExpectedDenials.BuiltInList.Select(e => e.Name)) + "]"),
        new(nameof(RecorderOptions.Grace), "--grace", "SECCOMP_RECORDER_GRACE", SettingKind.Text,
            "Stop policy: kill this long after the last violation [default: 5s]"),
        new(nameof(RecorderOptions.CrioCompatibleMetrics), "--crio-compatible-metrics", "SECCOMP_RECORDER_CRIO_COMPATIBLE_METRICS", SettingKind.Switch,
            "Also export CRI-O's container_runtime_crio_containers_seccomp_notifier_count_total"),
        new(nameof(RecorderOptions.CapturePaths), "--capture-paths", "SECCOMP_RECORDER_CAPTURE_PATHS", SettingKind.Switch,
            "Also read the path of allowed path-taking calls (record policy), not only of denied ones: two syscalls more per such call"),
        new(nameof(RecorderOptions.MetricsRetention), "--metrics-retention", "SECCOMP_RECORDER_METRICS_RETENTION", SettingKind.Text,
            "How long exited containers stay in /metrics [default: 5m]"),
        new(nameof(RecorderOptions.Retention), "--retention", "SECCOMP_RECORDER_RETENTION", SettingKind.Text,
            "How long exited containers' recordings are kept [default: 168h, 7 days]"),
        new(nameof(RecorderOptions.NotifyWait), "--notify-wait", "SECCOMP_RECORDER_NOTIFY_WAIT", SettingKind.Text,
            "How notify threads wait: recv blocks in RECV alone (Linux 6.11+), poll polls before each RECV (one syscall more per notification, any kernel), auto takes recv where it works [default: auto]"),
        new(nameof(RecorderOptions.FdStore), "--fd-store", "SECCOMP_RECORDER_FD_STORE", SettingKind.Switch,
            "Under systemd with FileDescriptorStoreMax=: on stop, keep the notify fds, listener socket and state in systemd's fd store for the next start"),
        // A takeover is a way of starting, not a setting to keep in a file or the environment.
        new(nameof(RecorderOptions.Takeover), "--takeover", null, SettingKind.Switch,
            "Take over the containers of the daemon running on the same paths (its notify fds, listener socket and recordings), which then exits; start fresh if none runs"),
    ];

    /// <summary>The flag of the setting whose key is <paramref name="key"/>: how messages name it by default.</summary>
    public static string Flag(string key) => All.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.Ordinal))?.Flag ?? key;
}
