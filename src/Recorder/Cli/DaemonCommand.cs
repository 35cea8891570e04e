using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
    private static readonly Option<string?> s_maxMessageBytes = new("--max-message-bytes") { Description = "Largest runtime message accepted on the listener [default: 1048576]" };
    private static readonly Option<string?> s_connectionTimeout = new("--connection-timeout") { Description = "How long a runtime may take to send its message once its first byte has arrived [default: 5s]" };
    private static readonly Option<string?> s_firstByteTimeout = new("--first-byte-timeout") { Description = "How long a runtime connection may wait for its first byte; off or 0: no limit (crun writes only once the container starts) [default: off]" };
    private static readonly Option<string?> s_maxWaitingConnections = new("--max-waiting-connections") { Description = "Most runtime connections waiting for their first byte at once; beyond it runtimes wait in the socket's backlog [default: 1024]" };
    private static readonly Option<string?> s_logLevel = new("--log-level") { Description = "Trace, Debug, Information, Warning, Error, Critical or None [default: Information]" };

    public static Command Create()
    {
        Command command = new("daemon", "Run the seccomp agent daemon (as root, in the host pid namespace)")
        {
            s_listener, s_api, s_apiGroup, s_allowedUid, s_apiTcp, s_metrics, s_stateDir, s_defaultPolicy, s_defaultErrno, s_grace, s_crioMetrics, s_metricsRetention, s_retention,
            s_maxMessageBytes, s_connectionTimeout, s_firstByteTimeout, s_maxWaitingConnections, s_takeover, s_fdStore, s_config, s_logLevel,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (!TryReadSettings(parse, out RecorderOptions? options, out IConfiguration? configuration, out LogLevel logLevel, out string? error))
        {
            // One line whatever a value held: the reason is for an operator's terminal or the journal.
            await Console.Error.WriteLineAsync($"seccomp-recorder: invalid settings: {error.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return 2;
        }

        WebApplication app = DaemonHost.Build(options, logLevel, configuration);
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
            catch (Exception e) when (e is IOException or InvalidDataException or TimeoutException or Native.ErrnoException or InvalidOperationException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"seccomp-recorder: {e.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
                return 1;
            }
        }
    }

    /// <summary>Every source merged and read once; <paramref name="error"/> names each bad setting where it was given.</summary>
    private static bool TryReadSettings(
        ParseResult parse,
        [NotNullWhen(true)] out RecorderOptions? options,
        [NotNullWhen(true)] out IConfiguration? configuration,
        out LogLevel logLevel,
        [NotNullWhen(false)] out string? error)
    {
        options = null;
        configuration = null;
        logLevel = LogLevel.Information;
        if (parse.GetValue(s_logLevel) is { } logLevelText && !TryParseLogLevel(logLevelText, out logLevel))
        {
            error = $"{s_logLevel.Name}: {SettingText.Quote(logLevelText)} is not Trace, Debug, Information, Warning, Error, Critical or None";
            return false;
        }

        Dictionary<string, string> origins = [];
        string? configFile = parse.GetValue(s_config) ?? Environment.GetEnvironmentVariable("SECCOMP_RECORDER_CONFIG");
        try
        {
            configuration = BuildConfiguration(parse, configFile, origins);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
        {
            // The JSON provider names the file; what is wrong with it is in the inner exception.
            error = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
            return false;
        }

        string file = configFile is not null ? Path.GetFullPath(configFile) : RecorderOptions.DefaultConfigFile;
        return RecorderOptionsReader.TryRead(configuration, key => origins.GetValueOrDefault(key) ?? $"{key} in {file}", out options, out error);
    }

    private static bool TryParseLogLevel(string text, out LogLevel level)
    {
        level = LogLevel.Information;
        // Names only: Enum.TryParse would also take "7" and "1,2".
        return text.Length > 0 && text.All(char.IsAsciiLetter) && Enum.TryParse(text, ignoreCase: true, out level);
    }

    /// <param name="origins">Filled with the flag or variable each key given on the command line or in the environment came from.</param>
    private static IConfiguration BuildConfiguration(ParseResult parse, string? configFile, Dictionary<string, string> origins)
    {
        ConfigurationBuilder builder = new();
        if (configFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }
        else if (File.Exists(RecorderOptions.DefaultConfigFile))
        {
            builder.AddJsonFile(RecorderOptions.DefaultConfigFile, optional: true, reloadOnChange: false);
        }

        Dictionary<string, string?> overrides = [];
        foreach ((string key, _, string? variable) in SettingNames.All)
        {
            if (variable is not null && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                overrides[key] = value;
                origins[key] = variable;
            }
        }

        Set(nameof(RecorderOptions.Listener), s_listener, parse.GetValue(s_listener));
        Set(nameof(RecorderOptions.Api), s_api, parse.GetValue(s_api));
        Set(nameof(RecorderOptions.ApiGroup), s_apiGroup, parse.GetValue(s_apiGroup));
        Set(nameof(RecorderOptions.AllowedUids), s_allowedUid, parse.GetValue(s_allowedUid) is { Length: > 0 } uids ? string.Join(',', uids) : null);
        Set(nameof(RecorderOptions.ApiTcp), s_apiTcp, parse.GetValue(s_apiTcp));
        Set(nameof(RecorderOptions.Metrics), s_metrics, parse.GetValue(s_metrics));
        Set(nameof(RecorderOptions.StateDir), s_stateDir, parse.GetValue(s_stateDir));
        Set(nameof(RecorderOptions.DefaultPolicy), s_defaultPolicy, parse.GetValue(s_defaultPolicy));
        Set(nameof(RecorderOptions.DefaultErrno), s_defaultErrno, parse.GetValue(s_defaultErrno));
        Set(nameof(RecorderOptions.Grace), s_grace, parse.GetValue(s_grace));
        Set(nameof(RecorderOptions.MetricsRetention), s_metricsRetention, parse.GetValue(s_metricsRetention));
        Set(nameof(RecorderOptions.Retention), s_retention, parse.GetValue(s_retention));
        Set(nameof(RecorderOptions.MaxMessageBytes), s_maxMessageBytes, parse.GetValue(s_maxMessageBytes));
        Set(nameof(RecorderOptions.ConnectionTimeout), s_connectionTimeout, parse.GetValue(s_connectionTimeout));
        Set(nameof(RecorderOptions.FirstByteTimeout), s_firstByteTimeout, parse.GetValue(s_firstByteTimeout));
        Set(nameof(RecorderOptions.MaxWaitingConnections), s_maxWaitingConnections, parse.GetValue(s_maxWaitingConnections));
        Set(nameof(RecorderOptions.CrioCompatibleMetrics), s_crioMetrics, parse.GetValue(s_crioMetrics) ? "true" : null);
        Set(nameof(RecorderOptions.Takeover), s_takeover, parse.GetValue(s_takeover) ? "true" : null);
        Set(nameof(RecorderOptions.FdStore), s_fdStore, parse.GetValue(s_fdStore) ? "true" : null);

        builder.AddInMemoryCollection(overrides);
        return builder.Build();

        void Set(string key, Option flag, string? value)
        {
            if (value is not null)
            {
                overrides[key] = value;
                origins[key] = flag.Name;
            }
        }
    }
}
