using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Native;
using SeccompRecorder.Notify;
using SeccompRecorder.Recording;
using SeccompRecorder.Storage;

namespace SeccompRecorder.Handover;

/// <summary>
/// After a daemon died without handing over (kill -9, OOM, a crash) and systemd restarted it with the notify fds
/// <see cref="FdStoreJournal"/> kept: serves them again, continuing each container's recording as the database holds
/// it (runs after the store loader, before the listener). The calls the dead daemon answered after its last flush are
/// lost from the counts; the containers lost nothing: their calls waited.
/// </summary>
internal sealed class FdStoreRecovery : IHostedService
{
    private readonly RecoveredNotifyFds _recovered;
    private readonly ContainerRegistry _registry;
    private readonly NotifyDispatcher _dispatcher;
    private readonly Systemd.SystemdNotifier _notifier;
    private readonly ILogger _logger;

    public FdStoreRecovery(
        RecoveredNotifyFds recovered,
        ContainerRegistry registry,
        NotifyDispatcher dispatcher,
        Systemd.SystemdNotifier notifier,
        ILogger<FdStoreRecovery> logger)
    {
        _recovered = recovered;
        _registry = registry;
        _dispatcher = dispatcher;
        _notifier = notifier;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        (IReadOnlyList<RecoveredNotifyFd> listeners, IReadOnlyDictionary<string, SafeFdHandle> inFlightFds) = _recovered.Take();
        if (listeners.Count == 0 && inFlightFds.Count == 0)
        {
            return Task.CompletedTask;
        }

        Dictionary<string, InFlightSlots> inFlight = new(StringComparer.Ordinal);
        foreach ((string name, SafeFdHandle fd) in inFlightFds)
        {
            try
            {
                inFlight[name] = InFlightSlots.Open(fd);
            }
            catch (Exception e) when (e is InvalidDataException or ErrnoException or IOException)
            {
                HandoverLog.RecoveryDropped(_logger, name, e.Message);
            }
        }

        int served = 0;
        int gone = 0;
        int answered = 0;
        foreach (RecoveredNotifyFd listener in listeners)
        {
            if (listener.Fd is not { } fd || !SeccompNotifyFd.IsSeccompListener(fd))
            {
                // systemd drops a stored fd that polls POLLHUP: every task of that filter exited while no daemon ran.
                listener.Fd?.Dispose();
                Forget(listener.MetaName);
                Forget(listener.Meta.Fd);
                gone++;
                continue;
            }

            SeccompNotifyFd notifyFd = new(fd);
            ContainerRecording container = _registry.Find(listener.Meta.Container.Identity.Key) ?? Restore(listener.Meta.Container.ToStored());
            answered += AnswerInFlight(listener, notifyFd, container, inFlight) ? 1 : 0;
            container.ListenerAdopted(container.InitPidFd is null ? OpenInitPidFd(container.Identity.InitPid) : null);
            // Out of the store and straight back under this daemon's names: systemd would ignore a push of an fd it
            // still holds, and the old entry names the dead daemon's slot.
            Forget(listener.Meta.Fd);
            Forget(listener.MetaName);
            _dispatcher.Serve(notifyFd, container, listener.Meta.Pid);
            served++;
        }

        foreach (string name in inFlightFds.Keys)
        {
            Forget(name);
        }

        HandoverLog.Recovered(_logger, served, gone, answered);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private bool AnswerInFlight(RecoveredNotifyFd listener, SeccompNotifyFd fd, ContainerRecording container, Dictionary<string, InFlightSlots> inFlight) =>
        listener.Meta.InFlight is { } name && inFlight.TryGetValue(name, out InFlightSlots? slots)
        && InFlightAnswer.TryAnswer(fd, slots, listener.Meta.Slot, container, _registry.Clock, _logger);

    private ContainerRecording Restore(StoredContainer stored)
    {
        ContainerRecording container = RecordingRestorer.Restore(stored, _registry.Clock, _registry.Events, policies: _registry.Policies);
        return _registry.Restore(container) ? container : _registry.Find(container.Key)!;
    }

    private SafeFdHandle? OpenInitPidFd(int pid)
    {
        try
        {
            return pid > 0 && PidFd.TryOpen(pid, out SafeFdHandle pidfd) ? pidfd : null;
        }
        catch (ErrnoException)
        {
            return null; // served all the same; only the stop policy's kill needs it
        }
    }

    private void Forget(string name)
    {
        try
        {
            _notifier.Notify($"FDSTOREREMOVE=1\nFDNAME={name}");
        }
        catch (System.Net.Sockets.SocketException e)
        {
            HandoverLog.JournalFailed(_logger, e.Message);
        }
    }
}
