using SeccompRecorder.Native;

namespace SeccompRecorder.Handover;

/// <summary>One notify fd systemd kept for a daemon that died: its meta entry, and the fd unless it hung up meanwhile.</summary>
internal sealed record RecoveredListener(string MetaName, FdStoreListener Meta, SafeFdHandle? Fd);

/// <summary>From <see cref="StartupHandover"/>, which reads the fd store first, to <see cref="FdStoreRecovery"/>, which
/// serves the fds once the store's recordings are loaded.</summary>
internal sealed class RecoveredListeners
{
    private IReadOnlyList<RecoveredListener> _listeners = [];

    public void Put(IReadOnlyList<RecoveredListener> listeners) => _listeners = listeners;

    public IReadOnlyList<RecoveredListener> Take()
    {
        IReadOnlyList<RecoveredListener> taken = _listeners;
        _listeners = [];
        return taken;
    }
}
