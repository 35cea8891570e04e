namespace SeccompRecorder.Policy;

internal enum PolicyMode
{
    /// <summary>Every notified syscall runs (CONTINUE) and is counted.</summary>
    Record = 1,

    /// <summary>Every notified syscall fails with the errno and counts as a violation; the container runs on.</summary>
    Log = 2,

    /// <summary>As log, and the container is killed when the grace window after its last violation passes.</summary>
    Stop = 3,

    /// <summary>Every notified syscall the source profile would deny runs (CONTINUE) and counts as a violation; never kills.</summary>
    Audit = 4,
}
