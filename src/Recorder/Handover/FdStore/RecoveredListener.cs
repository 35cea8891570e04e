using SeccompRecorder.Native;

namespace SeccompRecorder.Handover;

/// <summary>One notify fd systemd kept for a daemon that died: its meta entry, and the fd unless it hung up meanwhile.</summary>
internal sealed record RecoveredListener(string MetaName, FdStoreListener Meta, SafeFdHandle? Fd);

/// <summary>From <see cref="StartupHandover"/>, which reads the fd store first, to <see cref="FdStoreRecovery"/>, which
/// serves the fds once the store's recordings are loaded.</summary>
internal sealed class RecoveredListeners
{
    private IReadOnlyList<RecoveredListener> _listeners = [];
    private IReadOnlyDictionary<string, SafeFdHandle> _inFlight = new Dictionary<string, SafeFdHandle>();

    /// <summary>The fds, and the dead daemon's in-flight slot memfds by name (now owned here).</summary>
    public void Put(IReadOnlyList<RecoveredListener> listeners, IReadOnlyDictionary<string, SafeFdHandle> inFlight)
    {
        _listeners = listeners;
        _inFlight = inFlight;
    }

    public (IReadOnlyList<RecoveredListener> Listeners, IReadOnlyDictionary<string, SafeFdHandle> InFlight) Take()
    {
        (IReadOnlyList<RecoveredListener>, IReadOnlyDictionary<string, SafeFdHandle>) taken = (_listeners, _inFlight);
        _listeners = [];
        _inFlight = new Dictionary<string, SafeFdHandle>();
        return taken;
    }
}
