using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeccompRecorder.Hosting;
using SeccompRecorder.Native;
using SeccompRecorder.Notify;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Handover;

/// <summary>
/// With <c>--fd-store</c> under systemd: every notify fd goes into systemd's fd store as soon as it is served
/// (<c>live-GEN-N</c>), with a sealed memfd saying whose it is (<c>meta-GEN-N</c>), and leaves it when its container's
/// tasks are gone. If the daemon dies (kill -9, OOM, a crash), systemd still holds a copy of every fd: the
/// containers' notified calls wait instead of failing with ENOSYS, and the restarted daemon
/// (<see cref="FdStoreRecovery"/>) serves them again. Pushes wait for <see cref="Start"/>: at start the store may
/// still hold the previous daemon's copies of the same fds, which systemd would take a new push of for a duplicate.
/// </summary>
internal sealed class FdStoreJournal : INotifyFdJournal
{
    public const string LivePrefix = "live-";
    public const string MetaPrefix = "meta-";

    private readonly SystemdNotifier _notifier;
    private readonly RecorderClock _clock;
    private readonly ILogger _logger;
    private readonly string _generation = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()));
    private readonly Lock _gate = new();
    private readonly HashSet<Entry> _entries = [];
    private long _sequence;
    private bool _started;
    private int _failureLogged;

    public FdStoreJournal(SystemdNotifier notifier, RecorderClock clock, IOptions<RecorderOptions> options, ILogger<FdStoreJournal> logger)
    {
        _notifier = notifier;
        _clock = clock;
        _logger = logger;
        Enabled = options.Value.FdStore && notifier.Enabled;
    }

    public bool Enabled { get; }

    public object? Opened(SeccompNotifyFd fd, ContainerRecording container, int pid)
    {
        if (!Enabled)
        {
            return null;
        }

        long n = Interlocked.Increment(ref _sequence);
        string suffix = string.Create(CultureInfo.InvariantCulture, $"{_generation}-{n}");
        FdStoreListener meta = new(LivePrefix + suffix, pid, HandoverRecording.ToStored(container, _clock));
        Entry entry = new(meta.Fd, MetaPrefix + suffix, fd, JsonSerializer.SerializeToUtf8Bytes(meta, HandoverJson.Default.FdStoreListener));
        lock (_gate)
        {
            _entries.Add(entry);
            if (_started)
            {
                Push(entry);
            }
        }

        return entry;
    }

    /// <summary>An fd the store already holds under these names (the daemon before a crash pushed it).</summary>
    public object? Adopt(string notifyName, string metaName)
    {
        Entry entry = new(notifyName, metaName, null, []) { Pushed = true };
        lock (_gate)
        {
            _entries.Add(entry);
        }

        return entry;
    }

    public void Closed(object entry)
    {
        Entry closed = (Entry)entry;
        lock (_gate)
        {
            if (_entries.Remove(closed) && closed.Pushed)
            {
                Remove(closed.NotifyName);
                Remove(closed.MetaName);
            }
        }
    }

    /// <summary>From now on every fd is pushed when it is served; those served meanwhile are pushed now.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _started = true;
            foreach (Entry entry in _entries)
            {
                if (!entry.Pushed)
                {
                    Push(entry);
                }
            }
        }
    }

    /// <summary>A clean stop: the hand-over set replaces these entries in the store (fds, names and state together).</summary>
    public void RemoveAll()
    {
        lock (_gate)
        {
            _started = false;
            foreach (Entry entry in _entries)
            {
                if (entry.Pushed)
                {
                    Remove(entry.NotifyName);
                    Remove(entry.MetaName);
                    entry.Pushed = false;
                }
            }
        }
    }

    // Under _gate.
    private void Push(Entry entry)
    {
        try
        {
            using SafeFdHandle meta = MemFd.Create("seccomp-recorder-listener", entry.Meta);
            _notifier.Notify($"FDSTORE=1\nFDNAME={entry.NotifyName}", [entry.Fd!.Handle]);
            _notifier.Notify($"FDSTORE=1\nFDNAME={entry.MetaName}", [meta]);
            entry.Pushed = true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ErrnoException or ObjectDisposedException or IOException)
        {
            // The fd keeps being served; it only would not survive a crash. Once per daemon: the cause is the setup.
            if (Interlocked.Exchange(ref _failureLogged, 1) == 0)
            {
                HandoverLog.JournalFailed(_logger, e.Message);
            }
        }
    }

    // Under _gate.
    private void Remove(string name)
    {
        try
        {
            _notifier.Notify($"FDSTOREREMOVE=1\nFDNAME={name}");
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            if (Interlocked.Exchange(ref _failureLogged, 1) == 0)
            {
                HandoverLog.JournalFailed(_logger, e.Message);
            }
        }
    }

    private sealed class Entry(string notifyName, string metaName, SeccompNotifyFd? fd, byte[] meta)
    {
        public string NotifyName { get; } = notifyName;

        public string MetaName { get; } = metaName;

        public SeccompNotifyFd? Fd { get; } = fd;

        public byte[] Meta { get; } = meta;

        public bool Pushed { get; set; }
    }
}
