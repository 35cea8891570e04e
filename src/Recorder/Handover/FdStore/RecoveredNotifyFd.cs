using SeccompRecorder.Native;

namespace SeccompRecorder.Handover;

/// <summary>One notify fd systemd kept for a daemon that died: its meta entry, and the fd unless it hung up meanwhile.</summary>
internal sealed record RecoveredNotifyFd(string MetaName, FdStoreNotifyFd Meta, SafeFdHandle? Fd);

/// <summary>From <see cref="StartupHandover"/>, which reads the fd store first, to <see cref="FdStoreRecovery"/>, which
/// serves the fds once the store's recordings are loaded.</summary>
internal sealed class RecoveredNotifyFds
{
    private IReadOnlyList<RecoveredNotifyFd> _listeners = [];
    private IReadOnlyDictionary<string, SafeFdHandle> _inFlight = new Dictionary<string, SafeFdHandle>();

    /// <summary>The fds, and the dead daemon's in-flight slot memfds by name (now owned here).</summary>
    public void Put(IReadOnlyList<RecoveredNotifyFd> listeners, IReadOnlyDictionary<string, SafeFdHandle> inFlight)
    {
        _listeners = listeners;
        _inFlight = inFlight;
    }

    public (IReadOnlyList<RecoveredNotifyFd> Listeners, IReadOnlyDictionary<string, SafeFdHandle> InFlight) Take()
    {
        (IReadOnlyList<RecoveredNotifyFd>, IReadOnlyDictionary<string, SafeFdHandle>) taken = (_listeners, _inFlight);
        _listeners = [];
        _inFlight = new Dictionary<string, SafeFdHandle>();
        return taken;
    }
}
