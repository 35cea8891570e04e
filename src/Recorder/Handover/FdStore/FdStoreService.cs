using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Native;
using SeccompRecorder.Systemd;

namespace SeccompRecorder.Handover;

/// <summary>
/// <c>--fd-store</c> under systemd (<c>FileDescriptorStoreMax=</c>): when stopping, hands everything to the service
/// manager's fd store instead of closing it (FDSTORE=1, one named fd per message). <c>systemctl restart</c> passes the
/// fds to the next start (<see cref="StartupHandover"/>); a plain stop lets systemd close them, as without the store.
/// Runs in StoppingAsync: before any service stops, while the listener and the notify threads still run.
/// </summary>
internal sealed class FdStoreService : IHostedLifecycleService
{
    private readonly HandoverSource _source;
    private readonly FdStoreJournal _journal;
    private readonly SystemdNotifier _notifier;
    private readonly bool _enabled;
    private readonly ILogger _logger;

    public FdStoreService(HandoverSource source, FdStoreJournal journal, SystemdNotifier notifier, HandoverSettings settings, ILogger<FdStoreService> logger)
    {
        _source = source;
        _journal = journal;
        _notifier = notifier;
        _enabled = settings.FdStore;
        _logger = logger;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_enabled && !_notifier.Enabled)
        {
            HandoverLog.NoFdStore(_logger);
        }

        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (!_enabled || !_notifier.Enabled)
        {
            return;
        }

        OutgoingHandover handover = await _source.FreezeAsync(cancellationToken).ConfigureAwait(false);
        using (handover)
        {
            try
            {
                // The journal's live entries name the same fds: out first, or systemd would keep them as duplicates.
                _journal.RemoveAll();
                foreach (NamedFd named in handover.Fds)
                {
                    _notifier.Notify($"FDSTORE=1\nFDNAME={named.Name}", [named.Fd]);
                }
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ErrnoException or ObjectDisposedException)
            {
                HandoverLog.StoreFailed(_logger, e.Message);
                _source.Abort();
                return;
            }
        }

        _source.Commit();
        HandoverLog.Stored(_logger, handover.Fds.Count, handover.NotifyFds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
