using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SeccompRecorder.Hosting;

/// <summary>
/// Kestrel creates the API socket with the process umask; once it is bound, restrict it to owner and group (0660), give it
/// --api-group and log that the daemon is up. StartedAsync runs after every hosted service has started, Kestrel included.
/// Before Kestrel binds, StartAsync clears a stale socket file.
/// </summary>
internal sealed class ApiSocketPermissions : IHostedLifecycleService
{
    private readonly RecorderOptions _options;
    private readonly uint? _apiGid;
    private readonly ILogger _logger;

    public ApiSocketPermissions(DaemonSettings settings, ILogger<ApiSocketPermissions> logger)
    {
        _options = settings.Options;
        _apiGid = settings.ApiGid;
        _logger = logger;
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        File.SetUnixFileMode(_options.Api, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
        if (_apiGid is { } gid)
        {
            // Resolved once, when the settings were read: an unknown group does not get this far.
            Native.FileOwnership.SetGroup(_options.Api, gid);
        }

        string apiTcp = _options.ApiTcp is { Length: > 0 } tcp ? $", API TCP {tcp} ({(_options.ApiTcpInsecure ? "plaintext" : "mutual TLS")})" : string.Empty;
        HostingLog.Started(_logger, ThisAssembly.Version, _options.Listener, _options.Api, apiTcp);
        if (_options.ApiTcp is { Length: > 0 } insecure && _options.ApiTcpInsecure)
        {
            HostingLog.ApiTcpInsecure(_logger, insecure);
        }
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Clears a stale API socket before Kestrel binds (it starts after every hosted service). Not in Kestrel's options
    /// callback: that runs when the host builds its services, before a takeover has let the predecessor exit.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Agent.UnixSocketPath.PrepareForBind(_options.Api))
        {
            HostingLog.ReplacedStaleApiSocket(_logger, _options.Api);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        File.Delete(_options.Api);
        return Task.CompletedTask;
    }
}
