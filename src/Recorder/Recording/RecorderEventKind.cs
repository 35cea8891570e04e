namespace SeccompRecorder.Recording;

internal enum RecorderEventKind
{
    ContainerAttached = 1,
    ExecAttached = 2,
    ContainerExited = 3,
    SyscallFirstSeen = 4,

    /// <summary>The first denied call of an (arch, nr) in a container.</summary>
    Violation = 5,

    /// <summary>A stop-policy container had its first violation: it will be killed when its grace window passes.</summary>
    StopScheduled = 6,

    /// <summary>The daemon killed the container (stop policy).</summary>
    Stopped = 7,

    /// <summary>A runtime's connection was refused: its container's calls fail with ENOSYS.</summary>
    Rejected = 8,

    /// <summary>A path not seen before for a syscall of a container (denied calls and violations; every call with --capture-paths).</summary>
    PathSeen = 9,
}
