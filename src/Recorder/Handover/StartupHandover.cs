using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Native;
using SeccompRecorder.Storage;
using SeccompRecorder.Systemd;

namespace SeccompRecorder.Handover;

/// <summary>
/// Before anything else serves: takes what systemd's fd store passed (LISTEN_FDS, after <c>systemctl restart</c>), or
/// with <c>--takeover</c> what the running daemon hands over, and serves it at once. Registered before the store loader,
/// the listener and Kestrel, which bind only once the predecessor has exited.
/// </summary>
internal sealed class StartupHandover : IHostedService
{
    private static readonly TimeSpan PredecessorExitTimeout = TimeSpan.FromSeconds(30);

    private readonly HandoverTarget _target;
    private readonly FdStoreJournal _journal;
    private readonly RecoveredNotifyFds _recovered;
    private readonly StateDirectoryLock _stateLock;
    private readonly SystemdNotifier _notifier;
    private readonly HandoverSettings _settings;
    private readonly ILogger _logger;

    public StartupHandover(
        HandoverTarget target,
        FdStoreJournal journal,
        RecoveredNotifyFds recovered,
        StateDirectoryLock stateLock,
        SystemdNotifier notifier,
        HandoverSettings settings,
        ILogger<StartupHandover> logger)
    {
        _target = target;
        _journal = journal;
        _recovered = recovered;
        _stateLock = stateLock;
        _notifier = notifier;
        _settings = settings;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<(int Fd, string Name)> inherited = SystemdListenFds.Parse(Environment.GetEnvironmentVariable, Environment.ProcessId, out string? problem);
        // Not passed on to anything this process starts, as sd_listen_fds(1) does.
        Environment.SetEnvironmentVariable("LISTEN_PID", null);
        Environment.SetEnvironmentVariable("LISTEN_FDS", null);
        Environment.SetEnvironmentVariable("LISTEN_FDNAMES", null);
        if (problem is not null)
        {
            throw new InvalidOperationException($"systemd fds: {problem}");
        }

        if (inherited.Count > 0)
        {
            FromFdStore(inherited);
        }
        else if (_settings.Takeover)
        {
            FromPredecessor();
        }

        // Only now: the store no longer holds the previous daemon's copies, which would make these pushes duplicates.
        _journal.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void FromFdStore(IReadOnlyList<(int Fd, string Name)> inherited)
    {
        HandoverLog.Inherited(_logger, inherited.Count, string.Join(',', inherited.Select(i => i.Name)));
        List<NamedFd> fds = [];
        HashSet<string> names = new(StringComparer.Ordinal);
        foreach ((int fd, string name) in inherited)
        {
            SafeFdHandle handle = new(fd);
            MemFd.SetCloseOnExec(handle);
            if (!names.Add(name))
            {
                // Two fds under one name (not ours to make): the first is the one kept; the store keeps its copies.
                HandoverLog.RecoveryDropped(_logger, name, "a second fd under the same name");
                handle.Dispose();
                continue;
            }

            fds.Add(new NamedFd(name, handle));
        }

        HashSet<string> kept = new(StringComparer.Ordinal);
        using (IncomingHandover handover = IncomingHandover.From(fds))
        {
            // Before anything is served: a daemon that cannot have the state directory exits with the store untouched.
            // After a clean stop the store held the lock across the restart; after a crash the kernel released it.
            _stateLock.Take(handover.Take(HandoverNames.StateDirLock));
            _target.Apply(handover);
            if (handover.Document is null)
            {
                // No state: the daemon before this one did not stop cleanly. Its journal entries say whose each fd is;
                // the listener it kept is served again as it is (connections made meanwhile wait in its backlog).
                kept.Add(HandoverNames.Listener);
                _journal.ListenerStoredAlready();
                Dictionary<string, SafeFdHandle> inFlight = new(StringComparer.Ordinal);
                foreach (string name in handover.Names.Where(n => n.StartsWith(FdStoreJournal.InFlightPrefix, StringComparison.Ordinal)).ToArray())
                {
                    inFlight[name] = handover.Take(name)!;
                    kept.Add(name);
                }

                _recovered.Put(TakeJournal(handover, kept), inFlight);
            }
        }

        // The store keeps its copies until told otherwise: what was handed over goes (this daemon's journal stores
        // the fds again, and a clean stop a fresh set); what a crash left stays until FdStoreRecovery serves it.
        foreach ((_, string name) in inherited.DistinctBy(i => i.Name))
        {
            if (!kept.Contains(name))
            {
                _notifier.Notify($"FDSTOREREMOVE=1\nFDNAME={name}");
            }
        }
    }

    private List<RecoveredNotifyFd> TakeJournal(IncomingHandover handover, HashSet<string> kept)
    {
        List<RecoveredNotifyFd> recovered = [];
        foreach (string name in handover.Names.Where(n => n.StartsWith(FdStoreJournal.MetaPrefix, StringComparison.Ordinal)).ToArray())
        {
            using SafeFdHandle metaFd = handover.Take(name)!;
            FdStoreNotifyFd? meta;
            try
            {
                meta = JsonSerializer.Deserialize(MemFd.ReadAll(metaFd, IncomingHandover.MaxStateBytes), HandoverJson.Default.FdStoreNotifyFd);
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or IOException)
            {
                HandoverLog.RecoveryDropped(_logger, name, e.Message);
                continue;
            }

            if (meta?.Fd is null || meta.Container?.Identity?.Id is null || meta.Container.Policy is null || meta.Container.State is null || meta.Container.Syscalls is null)
            {
                HandoverLog.RecoveryDropped(_logger, name, "incomplete");
                continue;
            }

            SafeFdHandle? fd = handover.Take(meta.Fd);
            recovered.Add(new RecoveredNotifyFd(name, meta, fd));
            if (fd is not null)
            {
                kept.Add(name);
                kept.Add(meta.Fd);
            }
        }

        return recovered;
    }

    private void FromPredecessor()
    {
        string path = _settings.TakeoverSocket;
        using TakeoverClient? client = TakeoverClient.Connect(path);
        if (client is null)
        {
            HandoverLog.NothingToTakeOver(_logger, path);
            return;
        }

        HandoverLog.TakingOver(_logger, path, client.PredecessorPid);
        long asked = Stopwatch.GetTimestamp();
        int served;
        using (IncomingHandover handover = client.Receive())
        {
            // The predecessor's lock, shared from now on (a predecessor from before the lock sends none and holds none:
            // the directory is locked here). Failing here, before "serving", leaves everything with the predecessor.
            _stateLock.Take(handover.Take(HandoverNames.StateDirLock));
            served = _target.Apply(handover);
        }

        client.ConfirmServing();
        HandoverLog.Served(_logger, served, Stopwatch.GetElapsedTime(asked).TotalMilliseconds);
        if (!client.WaitForPredecessorExit(PredecessorExitTimeout))
        {
            HandoverLog.PredecessorHung(_logger, client.PredecessorPid, PredecessorExitTimeout);
        }
    }
}
