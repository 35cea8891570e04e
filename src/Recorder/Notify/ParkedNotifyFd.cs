using SeccompRecorder.Native;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Notify;

/// <summary>A notify fd whose thread stopped for a hand-over, with what it served and its journal entry: the fd is still open.</summary>
internal sealed record ParkedNotifyFd(SeccompNotifyFd Fd, ContainerRecording Container, int Pid, INotifyFdJournalEntry? Journal);
