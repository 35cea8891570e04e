using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeccompRecorder.Agent;
using SeccompRecorder.Grpc;
using SeccompRecorder.Handover;
using SeccompRecorder.Metrics;
using SeccompRecorder.Native;
using SeccompRecorder.Notify;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Paths;
using SeccompRecorder.Storage;
using SeccompRecorder.Systemd;

namespace SeccompRecorder.Hosting;

/// <summary>Wiring only: builds the daemon from its options. Kestrel serves the gRPC API; hosted services do the rest.</summary>
internal static class DaemonHost
{
    /// <param name="settings">Read, validated and parsed (<see cref="RecorderOptionsReader"/>): nothing here parses a setting again.</param>
    /// <param name="logLevel">The console's minimum level.</param>
    /// <param name="configuration">All the settings' sources, for what the host itself reads from them ("Logging").</param>
    public static WebApplication Build(DaemonSettings settings, LogLevel logLevel, IConfiguration? configuration = null)
    {
        RecorderOptions options = settings.Options;
        // Sockets and state files are born owner-only; the API socket is then widened to 0660 on purpose. A umask
        // instead of bind-then-chmod leaves no window, and unlike bind-then-rename keeps the real path in ss/proc.
        FileCreationMask.Set(UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        // The builder adds appsettings.json with reload-on-change before the sources are cleared below, and watching it
        // set a recursive inotify watch on the whole working directory (under systemd: /): 100s of ms of start-up in a
        // big tree (issue 17). Our settings are read once; nothing reloads.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Configuration.Sources.Clear();
        if (configuration is not null)
        {
            builder.Configuration.AddConfiguration(configuration);
        }

        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(logLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        HostStartLogFilter startLog = new();
        builder.Services.Configure<LoggerFilterOptions>(filters => filters.Rules.Add(
            new LoggerFilterRule(null, HostStartLogFilter.Category, logLevel, (_, _, level) => startLog.IsEnabled(level))));
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });

        IServiceCollection services = builder.Services;
        services.AddSingleton(settings);
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(15));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new RecorderClock(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DaemonCounters>();
        services.AddSingleton<EventHub>();
        services.AddSingleton(new ContainerPolicyFactory(settings.ExpectedDenials));
        services.AddSingleton<ContainerRegistry>();
        services.AddSingleton<IRecordingReader>(sp => sp.GetRequiredService<ContainerRegistry>());
        services.AddSingleton<NotifyDispatcher>();
        // Each area takes its own settings, read once from the options here; none takes RecorderOptions.
        services.AddSingleton(new RuntimeSocketSettings(options.Listener));
        services.AddSingleton(new HandoverSettings(options.Listener, options.Takeover, options.FdStore));
        services.AddSingleton(new MetricsSettings(options.CrioCompatibleMetrics, options.MetricsRetention));
        services.AddSingleton(new AgentLimits(
            options.MaxMessageBytes, options.ConnectionTimeout, options.FirstByteTimeout, options.MaxWaitingConnections));
        services.AddSingleton(settings.AllowedPeers);
        services.AddSingleton(settings.PolicyDefaults);
        services.AddSingleton(settings.Notify);
        services.AddSingleton(new PathReadCounters(options.CapturePaths));
        services.AddSingleton<WaitingConnections>();
        services.AddSingleton<AgentConnectionHandler>();
        services.AddSingleton<ListenerInbox>();
        services.AddSingleton<AgentListener>();
        services.AddSingleton(_ => new SystemdNotifier(Environment.GetEnvironmentVariable, Environment.ProcessId));
        services.AddSingleton<HandoverSource>();
        services.AddSingleton<FdStoreJournal>();
        services.AddSingleton<INotifyFdJournal>(sp => sp.GetRequiredService<FdStoreJournal>());
        services.AddSingleton<RecoveredNotifyFds>();
        services.AddSingleton<HandoverTarget>();
        services.AddSingleton<StopScheduler>();
        services.AddSingleton(new StorageSettings(options.StateDir, options.Retention));
        services.AddSingleton<StateDirectoryLock>();
        services.AddSingleton(sp => new RecordingStore(
            sp.GetRequiredService<StorageSettings>().StateDir,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<RecordingStore>()));
        services.AddSingleton<ContainerRemoval>();
        services.AddSingleton<StoreFlusher>();

        // Start order matters: events first, then what a predecessor handed over (served at once, and newer than
        // anything stored), stored recordings loaded and the dispatcher started before anything can hand it an fd;
        // stop runs in reverse, so the listener stops accepting before the notify threads are told to stop, and the
        // flusher's last flush comes after both. Kestrel starts after every hosted service, so after a takeover it
        // binds the API only once the predecessor has exited.
        services.AddHostedService(sp => sp.GetRequiredService<EventHub>());
        services.AddHostedService<StartupHandover>();
        services.AddHostedService<StoreLoader>();
        services.AddHostedService<FdStoreRecovery>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreFlusher>());
        services.AddHostedService(sp => sp.GetRequiredService<NotifyDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<StopScheduler>());
        services.AddHostedService(sp => sp.GetRequiredService<AgentListener>());
        services.AddHostedService<TakeoverServer>();
        services.AddHostedService<FdStoreService>();
        services.AddHostedService<ApiSocketPermissions>();
        services.AddHostedService<SystemdNotifyService>();
        services.AddGrpcApi();
        services.AddMetricsEndpoint();

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ListenUnixSocket(options.Api, listen => listen.Protocols = HttpProtocols.Http2);
            if (settings.ApiTcpEndpoint is { } apiTcp)
            {
                kestrel.Listen(apiTcp, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    if (settings.ApiTls is { } tls)
                    {
                        var certificates = new ApiCertificates(tls, kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger<ApiCertificates>());
                        listen.UseHttps(new HttpsConnectionAdapterOptions
                        {
                            ServerCertificateSelector = (_, _) => certificates.ServerCertificate(),
                            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                            ClientCertificateValidation = certificates.ValidateClient,
                            CheckCertificateRevocation = false,
                        });
                    }
                });
            }

            kestrel.ListenMetrics(settings.MetricsEndpoint);
        });

        WebApplication app = builder.Build();
        app.Lifetime.ApplicationStarted.Register(startLog.Started);
        // Before the endpoints run: requests on the metrics listener are answered there and never reach the gRPC routes.
        app.UseMetricsEndpoint();
        app.MapGrpcApi();
        return app;
    }

    /// <summary>Refuses to run when the kernel's notification structs are smaller than ours: our layout would be wrong.</summary>
    public static void CheckKernelAbi(ILogger logger)
    {
        NotifySizes kernel = Seccomp.KernelSizes;
        NotifySizes ours = Seccomp.OurSizes;
        HostingLog.KernelSizes(logger, kernel.Notif, kernel.NotifResp, kernel.Data, ours.Notif, ours.NotifResp, ours.Data);
        if (kernel.Notif < ours.Notif || kernel.NotifResp != ours.NotifResp || kernel.Data < ours.Data)
        {
            throw new InvalidOperationException(
                $"the kernel's seccomp notification structs ({kernel}) do not match this build's ({ours})");
        }
    }
}
