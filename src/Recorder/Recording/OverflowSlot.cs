using System.Runtime.InteropServices;

namespace SeccompRecorder.Recording;

/// <summary>A slot of the per-container table for calls outside the dense tables: unknown archs, numbers past the table.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct OverflowSlot
{
    /// <summary>(auditArch &lt;&lt; 32 | (uint)nr) + 1; 0 marks a free slot. Claimed once with CompareExchange.</summary>
    public ulong Key;

    public SyscallSlot Counters;
}
