using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using SeccompRecorder.Agent;
using SeccompRecorder.Systemd;

namespace SeccompRecorder.Hosting;

/// <summary>
/// The <c>Type=notify</c> half of the systemd contract: READY=1 once every hosted service and Kestrel have started,
/// STOPPING=1 as soon as stopping begins, WATCHDOG=1 every half WATCHDOG_USEC in between. Does nothing without
/// NOTIFY_SOCKET. A failed notification is logged once and never stops the daemon: the containers matter more.
/// </summary>
internal sealed class SystemdNotifyService : IHostedLifecycleService, IDisposable
{
    private readonly SystemdNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _listener;
    private ITimer? _watchdog;
    private int _failureLogged;

    public SystemdNotifyService(SystemdNotifier notifier, TimeProvider time, RuntimeSocketSettings runtimeSocket, ILogger<SystemdNotifyService> logger)
        : this(notifier, time, runtimeSocket.Path, logger)
    {
    }

    internal SystemdNotifyService(SystemdNotifier notifier, TimeProvider time, string listener, ILogger logger)
    {
        _notifier = notifier;
        _time = time;
        _listener = listener;
        _logger = logger;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after every hosted service's StartAsync and after Kestrel is listening: the daemon is ready.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!_notifier.Enabled)
        {
            return Task.CompletedTask;
        }

        TimeSpan? interval = _notifier.WatchdogInterval;
        SystemdLog.Enabled(_logger, _notifier.SocketPath!, interval?.ToString() ?? "off");
        Send(string.Create(CultureInfo.InvariantCulture, $"READY=1\nSTATUS=Serving {_listener}\nMAINPID={Environment.ProcessId}"));
        if (interval is { } period)
        {
            _watchdog = _time.CreateTimer(static state => ((SystemdNotifyService)state!).Send("WATCHDOG=1"), this, period, period);
        }

        return Task.CompletedTask;
    }

    /// <summary>Runs before any hosted service stops: systemd learns at once that the exit that follows is wanted.</summary>
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (_notifier.Enabled)
        {
            Send("STOPPING=1\nSTATUS=Stopping");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The watchdog runs on through the shutdown (up to 15 s of flushing) so WatchdogSec does not kill a slow but
    /// healthy stop; TimeoutStopSec bounds one that hangs.
    /// </summary>
    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        _watchdog?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watchdog?.Dispose();
        _notifier.Dispose();
    }

    private void Send(string state)
    {
        try
        {
            _notifier.Notify(state);
            SystemdLog.Sent(_logger, state.ReplaceLineEndings(" "));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            if (Interlocked.Exchange(ref _failureLogged, 1) == 0)
            {
                SystemdLog.NotifyFailed(_logger, _notifier.SocketPath!, state.ReplaceLineEndings(" "), e.Message);
            }
        }
    }
}
