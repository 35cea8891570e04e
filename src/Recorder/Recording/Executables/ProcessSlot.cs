using System.Runtime.InteropServices;

namespace SeccompRecorder.Recording.Executables;

/// <summary>
/// One thread in <see cref="ProcessCache"/>: 32 bytes. <see cref="Key"/> is the one word the hot path needs and is
/// written whole, so a reader never sees one thread's tid with another's executable; the other fields may lag a
/// racing writer's (they only decide when to look again, and which slots an exec or exit_group touches).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ProcessSlot
{
    /// <summary>tid &lt;&lt; 32 | rechecks left &lt;&lt; 24 | executable index + 1; 0 for a free slot.</summary>
    public ulong Key;

    /// <summary>TimeProvider ticks of the resolution.</summary>
    public long ResolvedTicks;

    /// <summary>The thread group's start time (/proc/TGID/stat starttime): with <see cref="Tgid"/>, the process.</summary>
    public ulong StartTime;

    public int Tgid;
}
