using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeccompRecorder.Hosting;
using SeccompRecorder.Native;

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
    private readonly SystemdNotifier _notifier;
    private readonly RecorderOptions _options;
    private readonly ILogger _logger;

    public StartupHandover(HandoverTarget target, SystemdNotifier notifier, IOptions<RecorderOptions> options, ILogger<StartupHandover> logger)
    {
        _target = target;
        _notifier = notifier;
        _options = options.Value;
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
        else if (_options.Takeover)
        {
            FromPredecessor();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void FromFdStore(IReadOnlyList<(int Fd, string Name)> inherited)
    {
        HandoverLog.Inherited(_logger, inherited.Count, string.Join(',', inherited.Select(i => i.Name)));
        List<NamedFd> fds = [];
        foreach ((int fd, string name) in inherited)
        {
            SafeFdHandle handle = new(fd);
            MemFd.SetCloseOnExec(handle);
            fds.Add(new NamedFd(name, handle));
        }

        using (IncomingHandover handover = IncomingHandover.From(fds))
        {
            _target.Apply(handover);
        }

        // The store keeps its copies until told otherwise; this daemon stores a fresh set when it stops.
        foreach ((_, string name) in inherited.DistinctBy(i => i.Name))
        {
            _notifier.Notify($"FDSTOREREMOVE=1\nFDNAME={name}");
        }
    }

    private void FromPredecessor()
    {
        string path = _options.TakeoverSocket;
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
