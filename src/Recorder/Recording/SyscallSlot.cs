using System.Runtime.InteropServices;

namespace SeccompRecorder.Recording;

/// <summary>
/// The counters of one (arch, nr) in one container: 40 bytes, at most two cache lines per notification.
/// Written by notify threads with Interlocked/Volatile, read by snapshots without locks.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SyscallSlot
{
    public long Count;

    /// <summary>TimeProvider timestamp of the first call; 0 until set.</summary>
    public long FirstTicks;

    public long LastTicks;

    /// <summary>Calls answered with an errno (or a kill): what the workload saw fail.</summary>
    public long Denied;

    /// <summary>
    /// Calls that broke the policy: the denied ones but expected denials, and under audit the calls let through that
    /// the source profile would deny.
    /// </summary>
    public long Violations;
}
