namespace SeccompRecorder.Policy.Answers;

/// <summary>What a source profile's rule does with a call, as far as the daemon can answer in its place.</summary>
internal enum SourceAction
{
    /// <summary>SCMP_ACT_ERRNO: fails with <see cref="SourceAnswer.Errno"/>.</summary>
    Errno,

    /// <summary>SCMP_ACT_KILL (the kernel's SECCOMP_RET_KILL_THREAD).</summary>
    Kill,

    /// <summary>SCMP_ACT_KILL_THREAD.</summary>
    KillThread,

    /// <summary>SCMP_ACT_KILL_PROCESS.</summary>
    KillProcess,

    /// <summary>SCMP_ACT_ALLOW: the call continues.</summary>
    Allow,

    /// <summary>SCMP_ACT_LOG: the call continues (and the kernel logs it).</summary>
    Log,
}
