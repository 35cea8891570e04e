using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Native;
using SeccompRecorder.Notify;
using SeccompRecorder.Recording;
using SeccompRecorder.Systemd;

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
    public const string InFlightPrefix = "inflight-";

    /// <summary>Notify fds whose in-flight notification survives a crash: 1 MiB of slots, more than TasksMax allows.</summary>
    private const int SlotCapacity = 8192;

    private readonly SystemdNotifier _notifier;
    private readonly RecorderClock _clock;
    private readonly ILogger _logger;
    private readonly string _generation = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()));
    private readonly Lock _gate = new();
    private readonly HashSet<Entry> _entries = [];
    private long _sequence;
    private bool _started;
    private readonly Stack<int> _freeSlots = new();
    private readonly InFlightSlots? _slots;
    private readonly string _inFlightName;
    private bool _inFlightPushed;
    private SafeSocketHandle? _listener;
    private bool _listenerPushed;
    private int _failureLogged;

    public FdStoreJournal(SystemdNotifier notifier, RecorderClock clock, HandoverSettings settings, ILogger<FdStoreJournal> logger)
    {
        _notifier = notifier;
        _clock = clock;
        _logger = logger;
        Enabled = settings.FdStore && notifier.Enabled;
        _inFlightName = InFlightPrefix + _generation;
        if (Enabled)
        {
            _slots = InFlightSlots.Create("seccomp-recorder-inflight", SlotCapacity);
            for (int i = SlotCapacity - 1; i >= 0; i--)
            {
                _freeSlots.Push(i);
            }
        }
    }

    public bool Enabled { get; }

    public INotifyFdJournalEntry? Opened(SeccompNotifyFd fd, ContainerRecording container, int pid)
    {
        if (!Enabled)
        {
            return null;
        }

        long n = Interlocked.Increment(ref _sequence);
        string suffix = string.Create(CultureInfo.InvariantCulture, $"{_generation}-{n}");
        lock (_gate)
        {
            int slot = _freeSlots.TryPop(out int free) ? free : -1;
            FdStoreNotifyFd meta = new(LivePrefix + suffix, pid, HandoverRecording.ToWire(container, _clock), _inFlightName, slot);
            nint inFlightSlot = slot >= 0 && _slots is not null ? _slots.Slot(slot) : 0;
            Entry entry = new(this, meta.Fd, MetaPrefix + suffix, fd, JsonSerializer.SerializeToUtf8Bytes(meta, HandoverJson.Default.FdStoreNotifyFd), slot, inFlightSlot);
            _entries.Add(entry);
            if (_started)
            {
                Push(entry);
            }

            return entry;
        }
    }

    private void Closed(Entry closed)
    {
        lock (_gate)
        {
            if (!_entries.Remove(closed))
            {
                return;
            }

            if (closed.Pushed)
            {
                Remove(closed.NotifyName);
                Remove(closed.MetaName);
            }

            if (closed.Slot >= 0)
            {
                _slots!.Clear(closed.Slot);
                _freeSlots.Push(closed.Slot);
            }
        }
    }

    /// <summary>The listener socket came from the store and is still there under its name: not to be pushed again.</summary>
    public void ListenerStoredAlready()
    {
        lock (_gate)
        {
            _listenerPushed = true;
        }
    }

    public void Listening(SafeSocketHandle listener)
    {
        if (!Enabled)
        {
            return;
        }

        lock (_gate)
        {
            _listener = listener;
            if (_started)
            {
                PushListener();
            }
        }
    }

    /// <summary>From now on every fd is pushed when it is served; those served meanwhile are pushed now.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _started = true;
            PushInFlight();
            PushListener();
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
            if (_listenerPushed)
            {
                Remove(HandoverNames.Listener);
                _listenerPushed = false;
            }

            if (_inFlightPushed)
            {
                Remove(_inFlightName);
                _inFlightPushed = false;
            }

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

    // Under _gate. Before any entry whose meta names it.
    private void PushInFlight()
    {
        if (_slots is not null && !_inFlightPushed)
        {
            _inFlightPushed = TryStore(_inFlightName, _slots.Handle);
        }
    }

    // Under _gate. Under the same name as in a hand-over: a restart finds it either way.
    private void PushListener()
    {
        if (_listener is not null && !_listenerPushed)
        {
            _listenerPushed = TryStore(HandoverNames.Listener, UnixListenSocket.Borrow(_listener));
        }
    }

    // Under _gate.
    private void Push(Entry entry)
    {
        SafeFdHandle meta;
        try
        {
            meta = MemFd.Create("seccomp-recorder-listener", entry.Meta);
        }
        catch (Exception e) when (e is ErrnoException or IOException)
        {
            Failed(e);
            return;
        }

        using (meta)
        {
            entry.Pushed = TryStore(entry.NotifyName, entry.Fd!.Handle) && TryStore(entry.MetaName, meta);
        }
    }

    // Under _gate.
    private void Remove(string name) => TryNotify($"FDSTOREREMOVE=1\nFDNAME={name}", null);

    private bool TryStore(string name, SafeFdHandle fd) => TryNotify($"FDSTORE=1\nFDNAME={name}", fd);

    private bool TryNotify(string state, SafeFdHandle? fd)
    {
        try
        {
            return fd is null ? _notifier.Notify(state) : _notifier.Notify(state, [fd]);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ErrnoException or ObjectDisposedException)
        {
            Failed(e);
            return false;
        }
    }

    // The fd keeps being served; it only would not survive a crash. Once per daemon: the cause is the setup.
    private void Failed(Exception e)
    {
        if (Interlocked.Exchange(ref _failureLogged, 1) == 0)
        {
            HandoverLog.JournalFailed(_logger, e.Message);
        }
    }

    private sealed class Entry(FdStoreJournal journal, string notifyName, string metaName, SeccompNotifyFd? fd, byte[] meta, int slot, nint inFlightSlot)
        : INotifyFdJournalEntry
    {
        public int Slot { get; } = slot;

        public nint InFlightSlot { get; } = inFlightSlot;

        public string NotifyName { get; } = notifyName;

        public string MetaName { get; } = metaName;

        public SeccompNotifyFd? Fd { get; } = fd;

        public byte[] Meta { get; } = meta;

        public bool Pushed { get; set; }

        public void Closed() => journal.Closed(this);
    }
}
