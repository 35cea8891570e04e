using SeccompRecorder.Native;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Notify;

/// <summary>No journal: outside systemd, or without --fd-store.</summary>
internal sealed class NoNotifyFdJournal : INotifyFdJournal
{
    public INotifyFdJournalEntry? Opened(SeccompNotifyFd fd, ContainerRecording container, int pid) => null;

    public void Listening(System.Net.Sockets.SafeSocketHandle listener)
    {
    }
}
