namespace SeccompRecorder.Hosting;

/// <summary>
/// The daemon's settings. Sources, later ones winning: these defaults, the JSON settings file, SECCOMP_RECORDER_*
/// environment variables, the command line; read once, typed, by <see cref="RecorderOptionsReader"/>.
/// </summary>
internal sealed class RecorderOptions
{
    public const string DefaultListener = "/run/seccomp-recorder/listener.sock";
    public const string DefaultApi = "/run/seccomp-recorder/api.sock";
    public const string DefaultConfigFile = "/etc/seccomp-recorder/config.json";

    /// <summary>The OCI runtime's linux.seccomp.listenerPath.</summary>
    public string Listener { get; set; } = DefaultListener;

    /// <summary>Where a successor started with <see cref="Takeover"/> asks this daemon to hand over: next to the listener.</summary>
    public string TakeoverSocket => Listener + ".takeover";

    /// <summary>Take the containers over from the daemon running on the same paths instead of starting empty.</summary>
    public bool Takeover { get; set; }

    /// <summary>Under systemd (FileDescriptorStoreMax=): on stop, keep every fd in the service manager's fd store.</summary>
    public bool FdStore { get; set; }

    /// <summary>gRPC API Unix socket.</summary>
    public string Api { get; set; } = DefaultApi;

    /// <summary>Group (name or gid) given the API socket, so its members may use the API (mode 0660). Empty: root's.</summary>
    public string? ApiGroup { get; set; }

    /// <summary>Uids besides root that may connect to the listener (the runtime's user), comma-separated: "1000,1001".</summary>
    public string? AllowedUids { get; set; }

    /// <summary>Optional gRPC API over TCP, HOST:PORT: mutual TLS (the ApiTls* files) unless <see cref="ApiTcpInsecure"/>.</summary>
    public string? ApiTcp { get; set; }

    /// <summary>Serve <see cref="ApiTcp"/> in plaintext, unauthenticated: only for loopback or a trusted network.</summary>
    public bool ApiTcpInsecure { get; set; }

    /// <summary>PEM certificate the TCP API presents; re-read when it changes.</summary>
    public string? ApiTlsCert { get; set; }

    /// <summary>PEM private key of <see cref="ApiTlsCert"/>.</summary>
    public string? ApiTlsKey { get; set; }

    /// <summary>PEM CA certificate(s) a client's certificate must chain to; re-read when it changes.</summary>
    public string? ApiTlsClientCa { get; set; }

    /// <summary>Prometheus endpoint, HOST:PORT.</summary>
    public string Metrics { get; set; } = "127.0.0.1:9756";

    /// <summary>Where recordings are kept across restarts.</summary>
    public string StateDir { get; set; } = "/var/lib/seccomp-recorder";

    /// <summary>The largest runtime message accepted on the listener socket.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a runtime may take to send the rest of its message once its first byte has arrived.</summary>
    public TimeSpan ConnectionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a runtime connection may wait before its first byte; null: no limit. crun connects at create but writes
    /// only when the container's init loads the filter, which with noNewPrivileges is after start: minutes later.
    /// </summary>
    public TimeSpan? FirstByteTimeout { get; set; }

    /// <summary>How many connections may wait for their first byte at once; beyond it runtimes wait in the backlog.</summary>
    public int MaxWaitingConnections { get; set; } = Agent.AgentLimits.DefaultMaxWaitingConnections;

    /// <summary>Policy of containers whose listenerMetadata and annotations name none: record, audit, log or stop.</summary>
    public string DefaultPolicy { get; set; } = "record";

    /// <summary>errno for denied syscalls unless the metadata says otherwise: a name (ENOSYS, EPERM) or a number.</summary>
    public string DefaultErrno { get; set; } = "ENOSYS";

    /// <summary>
    /// Syscalls whose ENOSYS answer in a source profile only forces a fallback, comma-separated, or "none": answered as
    /// the source says, never violations. Null: the built-in list (Policy/Answers/ExpectedDenials.cs).
    /// </summary>
    public string? ExpectedDenials { get; set; }

    /// <summary>Stop policy: how long after the last violation the container is killed (5s, as CRI-O).</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Read the path of path-taking calls that are allowed too (record policy), not only of denied ones: a
    /// process_vm_readv and an ioctl per such call, so off by default.
    /// </summary>
    public bool CapturePaths { get; set; }

    /// <summary>Also export CRI-O's container_runtime_crio_containers_seccomp_notifier_count_total.</summary>
    public bool CrioCompatibleMetrics { get; set; }

    /// <summary>How long an exited container's recording is kept, in memory and in the database (Go durations have no
    /// day unit: 168h is 7 days).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The longest <see cref="Retention"/>: ten years.</summary>
    public static readonly TimeSpan MaxRetention = TimeSpan.FromDays(3650);

    /// <summary>How notify threads wait for the kernel: auto, recv (RECV alone, Linux 6.11+) or poll (poll before RECV).</summary>
    public string NotifyWait { get; set; } = "auto";

    /// <summary>How long an exited container's series stay in /metrics (its data stays in the API).</summary>
    public TimeSpan MetricsRetention { get; set; } = TimeSpan.FromMinutes(5);
}
