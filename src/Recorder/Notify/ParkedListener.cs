using SeccompRecorder.Native;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Notify;

/// <summary>A notify fd whose thread stopped for a hand-over, with what it served: the fd is still open.</summary>
internal sealed record ParkedListener(SeccompNotifyFd Fd, ContainerRecording Container, int Pid);
