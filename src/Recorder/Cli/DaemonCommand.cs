using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeccompRecorder.Hosting;

namespace SeccompRecorder.Cli;

/// <summary><c>seccomp-recorder daemon</c>: runs the agent, the notify threads and the API until SIGTERM.</summary>
internal static class DaemonCommand
{
    private static readonly Option<string?> s_listener = new("--listener") { Description = $"Socket runtimes hand notify fds to (linux.seccomp.listenerPath) [default: {RecorderOptions.DefaultListener}]" };
    private static readonly Option<string?> s_api = new("--api") { Description = $"gRPC API Unix socket [default: {RecorderOptions.DefaultApi}]" };
    private static readonly Option<string?> s_apiGroup = new("--api-group") { Description = "Give the API socket (mode 0660) to this group, a name or a gid [default: root's group]" };
    private static readonly Option<string[]> s_allowedUid = new("--allowed-uid") { Description = "Uid besides root that may connect to the listener (the runtime's user); repeatable or comma-separated" };
    private static readonly Option<string?> s_apiTcp = new("--api-tcp") { Description = "Also serve the gRPC API on HOST:PORT (unauthenticated: loopback or a trusted network only)" };
    private static readonly Option<string?> s_metrics = new("--metrics") { Description = "Prometheus endpoint HOST:PORT [default: 127.0.0.1:9756]" };
    private static readonly Option<string?> s_stateDir = new("--state-dir") { Description = "Directory for recordings kept across restarts [default: /var/lib/seccomp-recorder]" };
    private static readonly Option<string?> s_config = new("--config") { Description = $"JSON settings file [default: {RecorderOptions.DefaultConfigFile} if it exists]" };
    private static readonly Option<string?> s_defaultPolicy = new("--default-policy") { Description = "Policy when listenerMetadata and annotations name none: record, log or stop [default: record]" };
    private static readonly Option<string?> s_defaultErrno = new("--default-errno") { Description = "errno for denied syscalls: a name (ENOSYS, EPERM) or a number [default: ENOSYS]" };
    private static readonly Option<string?> s_grace = new("--grace") { Description = "Stop policy: kill this long after the last violation [default: 5s]" };
    private static readonly Option<bool> s_crioMetrics = new("--crio-compatible-metrics") { Description = "Also export CRI-O's container_runtime_crio_containers_seccomp_notifier_count_total" };
    private static readonly Option<string?> s_metricsRetention = new("--metrics-retention") { Description = "How long exited containers stay in /metrics [default: 5m]" };
    private static readonly Option<string?> s_retention = new("--retention") { Description = "How long exited containers' recordings are kept [default: 168h, 7 days]" };
    private static readonly Option<bool> s_takeover = new("--takeover") { Description = "Take over the containers of the daemon running on the same paths (its notify fds, listener socket and recordings), which then exits; start fresh if none runs" };
    private static readonly Option<bool> s_fdStore = new("--fd-store") { Description = "Under systemd with FileDescriptorStoreMax=: on stop, keep the notify fds, listener socket and state in systemd's fd store for the next start" };
    private static readonly Option<LogLevel> s_logLevel = new("--log-level") { Description = "Trace, Debug, Information, Warning, Error", DefaultValueFactory = _ => LogLevel.Information };

    // Environment variable -> settings key. Explicit, so SECCOMP_RECORDER_API_TCP means ApiTcp and nothing else.
    private static readonly (string Variable, string Key)[] s_environment =
    [
        ("SECCOMP_RECORDER_LISTENER", nameof(RecorderOptions.Listener)),
        ("SECCOMP_RECORDER_API", nameof(RecorderOptions.Api)),
        ("SECCOMP_RECORDER_API_GROUP", nameof(RecorderOptions.ApiGroup)),
        ("SECCOMP_RECORDER_ALLOWED_UID", nameof(RecorderOptions.AllowedUids)),
        ("SECCOMP_RECORDER_API_TCP", nameof(RecorderOptions.ApiTcp)),
        ("SECCOMP_RECORDER_METRICS", nameof(RecorderOptions.Metrics)),
        ("SECCOMP_RECORDER_STATE_DIR", nameof(RecorderOptions.StateDir)),
        ("SECCOMP_RECORDER_DEFAULT_POLICY", nameof(RecorderOptions.DefaultPolicy)),
        ("SECCOMP_RECORDER_DEFAULT_ERRNO", nameof(RecorderOptions.DefaultErrno)),
        ("SECCOMP_RECORDER_GRACE", nameof(RecorderOptions.Grace)),
        ("SECCOMP_RECORDER_CRIO_COMPATIBLE_METRICS", nameof(RecorderOptions.CrioCompatibleMetrics)),
        ("SECCOMP_RECORDER_METRICS_RETENTION", nameof(RecorderOptions.MetricsRetention)),
        ("SECCOMP_RECORDER_RETENTION", nameof(RecorderOptions.Retention)),
        ("SECCOMP_RECORDER_FD_STORE", nameof(RecorderOptions.FdStore)),
    ];

    public static Command Create()
    {
        Command command = new("daemon", "Run the seccomp agent daemon (as root, in the host pid namespace)")
        {
            s_listener, s_api, s_apiGroup, s_allowedUid, s_apiTcp, s_metrics, s_stateDir, s_defaultPolicy, s_defaultErrno, s_grace, s_crioMetrics, s_metricsRetention, s_retention, s_takeover, s_fdStore, s_config, s_logLevel,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        IConfiguration configuration;
        try
        {
            configuration = BuildConfiguration(parse);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
        {
            await Console.Error.WriteLineAsync($"seccomp-recorder: settings: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        // Kestrel reads the API path while the host starts, before the settings are validated, and throws on a relative
        // Unix socket path: refuse it here, as the validator refuses the rest (exit 2 with the reason, no stack trace).
        string api = configuration[nameof(RecorderOptions.Api)] ?? RecorderOptions.DefaultApi;
        if (!Path.IsPathRooted(api))
        {
            await Console.Error.WriteLineAsync($"seccomp-recorder: invalid settings: --api: \"{api}\" is not an absolute path").ConfigureAwait(false);
            return 2;
        }

        WebApplication app = DaemonHost.Build(configuration, parse.GetValue(s_logLevel));
        await using (app.ConfigureAwait(false))
        {
            ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SeccompRecorder");
            try
            {
                DaemonHost.CheckKernelAbi(logger);
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (OptionsValidationException e)
            {
                await Console.Error.WriteLineAsync($"seccomp-recorder: invalid settings: {string.Join("; ", e.Failures)}").ConfigureAwait(false);
                return 2;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or TimeoutException or Native.ErrnoException or InvalidOperationException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"seccomp-recorder: {e.Message}").ConfigureAwait(false);
                return 1;
            }
        }
    }

    private static IConfiguration BuildConfiguration(ParseResult parse)
    {
        ConfigurationBuilder builder = new();
        string? configFile = parse.GetValue(s_config) ?? Environment.GetEnvironmentVariable("SECCOMP_RECORDER_CONFIG");
        if (configFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }
        else if (File.Exists(RecorderOptions.DefaultConfigFile))
        {
            builder.AddJsonFile(RecorderOptions.DefaultConfigFile, optional: true, reloadOnChange: false);
        }

        Dictionary<string, string?> overrides = [];
        foreach ((string variable, string key) in s_environment)
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                overrides[key] = value;
            }
        }

        Set(overrides, nameof(RecorderOptions.Listener), parse.GetValue(s_listener));
        Set(overrides, nameof(RecorderOptions.Api), parse.GetValue(s_api));
        Set(overrides, nameof(RecorderOptions.ApiGroup), parse.GetValue(s_apiGroup));
        if (parse.GetValue(s_allowedUid) is { Length: > 0 } allowedUids)
        {
            overrides[nameof(RecorderOptions.AllowedUids)] = string.Join(',', allowedUids);
        }

        Set(overrides, nameof(RecorderOptions.ApiTcp), parse.GetValue(s_apiTcp));
        Set(overrides, nameof(RecorderOptions.Metrics), parse.GetValue(s_metrics));
        Set(overrides, nameof(RecorderOptions.StateDir), parse.GetValue(s_stateDir));
        Set(overrides, nameof(RecorderOptions.DefaultPolicy), parse.GetValue(s_defaultPolicy));
        Set(overrides, nameof(RecorderOptions.DefaultErrno), parse.GetValue(s_defaultErrno));
        Set(overrides, nameof(RecorderOptions.Grace), parse.GetValue(s_grace));
        Set(overrides, nameof(RecorderOptions.MetricsRetention), parse.GetValue(s_metricsRetention));
        Set(overrides, nameof(RecorderOptions.Retention), parse.GetValue(s_retention));
        if (parse.GetValue(s_crioMetrics))
        {
            overrides[nameof(RecorderOptions.CrioCompatibleMetrics)] = "true";
        }

        if (parse.GetValue(s_takeover))
        {
            overrides[nameof(RecorderOptions.Takeover)] = "true";
        }

        if (parse.GetValue(s_fdStore))
        {
            overrides[nameof(RecorderOptions.FdStore)] = "true";
        }

        builder.AddInMemoryCollection(overrides);
        return builder.Build();
    }

    private static void Set(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (value is not null)
        {
            overrides[key] = value;
        }
    }
}
