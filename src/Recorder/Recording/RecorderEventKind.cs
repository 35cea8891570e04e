namespace SeccompRecorder.Recording;

internal enum RecorderEventKind
{
    ContainerAttached = 1,
    ExecAttached = 2,
    ContainerExited = 3,
    SyscallFirstSeen = 4,
}
