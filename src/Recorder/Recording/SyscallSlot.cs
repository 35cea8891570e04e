using System.Runtime.InteropServices;

namespace SeccompRecorder.Recording;

/// <summary>
/// The counters of one (arch, nr) in one container: 32 bytes, so one notification touches one cache line.
/// Written by notify threads with Interlocked/Volatile, read by snapshots without locks.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SyscallSlot
{
    public long Count;

    /// <summary>TimeProvider timestamp of the first call; 0 until set.</summary>
    public long FirstTicks;

    public long LastTicks;

    /// <summary>Calls answered with an errno (log and stop policies): violations.</summary>
    public long Denied;
}
