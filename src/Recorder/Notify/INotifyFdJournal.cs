using SeccompRecorder.Native;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Notify;

/// <summary>
/// Keeps a copy of every served notify fd outside this process (systemd's fd store), so that a crash of the daemon
/// does not close the last copy and fail its container's notified calls with ENOSYS. Called off the hot path: when a
/// worker starts on a new fd; the entry it returns is told when the fd is retired.
/// </summary>
internal interface INotifyFdJournal
{
    /// <summary>An fd is served from now on; returns its entry, or null when nothing was kept.</summary>
    INotifyFdJournalEntry? Opened(SeccompNotifyFd fd, ContainerRecording container, int pid);

    /// <summary>The listener socket runtimes connect to: kept too, so connections made while no daemon runs wait.</summary>
    void Listening(System.Net.Sockets.SafeSocketHandle listener);
}
