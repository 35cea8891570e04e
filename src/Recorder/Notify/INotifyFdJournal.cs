using SeccompRecorder.Native;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Notify;

/// <summary>
/// Keeps a copy of every served notify fd outside this process (systemd's fd store), so that a crash of the daemon
/// does not close the last copy and fail its container's notified calls with ENOSYS. Called off the hot path: when a
/// worker starts on a new fd, and when it retires one.
/// </summary>
internal interface INotifyFdJournal
{
    /// <summary>An fd is served from now on; returns what <see cref="Closed"/> needs, or null when nothing was kept.</summary>
    object? Opened(SeccompNotifyFd fd, ContainerRecording container, int pid);

    /// <summary>Every task of the fd's filter has exited: the copy kept for it goes too.</summary>
    void Closed(object entry);

    /// <summary>Where the worker of <paramref name="entry"/> keeps its received, unanswered notification (0: nowhere).</summary>
    nint InFlightSlot(object entry);

    /// <summary>The listener socket runtimes connect to: kept too, so connections made while no daemon runs wait.</summary>
    void Listening(System.Net.Sockets.SafeSocketHandle listener);
}

/// <summary>No journal: outside systemd, or without --fd-store.</summary>
internal sealed class NoNotifyFdJournal : INotifyFdJournal
{
    public object? Opened(SeccompNotifyFd fd, ContainerRecording container, int pid) => null;

    public void Closed(object entry)
    {
    }

    public nint InFlightSlot(object entry) => 0;

    public void Listening(System.Net.Sockets.SafeSocketHandle listener)
    {
    }
}
