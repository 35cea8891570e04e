using System.Runtime.CompilerServices;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Recording;

/// <summary>
/// Per-container syscall counters. Each known arch gets a dense array indexed by nr, allocated on that arch's first
/// call (most containers only ever use one); everything else goes to a fixed open-addressing table, so an unknown
/// number is still counted under its number. No locks: notify threads of the same container (init + execs) race only
/// through Interlocked.
/// </summary>
internal sealed class SyscallCounters
{
    internal const int OverflowCapacity = 256;
    private const int KnownArchCount = (int)SyscallArch.Unknown;

    private readonly SyscallSlot[]?[] _dense = new SyscallSlot[KnownArchCount][];
    private readonly OverflowSlot[] _overflow = new OverflowSlot[OverflowCapacity];
    private long _overflowLost;

    /// <summary>Calls that found the overflow table full (more than 256 distinct unknown numbers): counted, not named.</summary>
    public long OverflowLost => Volatile.Read(ref _overflowLost);

    /// <summary>
    /// Counts one call on the hot path; <paramref name="denied"/> when it was answered with an errno, <paramref name="violation"/>
    /// when it broke the policy. Says whether this was the first call, or the first violation, of that (arch, nr) in the container.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public RecordOutcome Record(uint auditArch, int nr, long ticks, bool denied, bool violation, out SyscallArch arch, out int tableNr)
    {
        arch = ArchDecoder.Decode(auditArch, nr, out tableNr);
        return Record(arch, auditArch, nr, tableNr, ticks, denied, violation);
    }

    /// <summary>The same, for a call the caller has decoded already (<see cref="ArchDecoder.Decode"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public RecordOutcome Record(SyscallArch arch, uint auditArch, int nr, int tableNr, long ticks, bool denied, bool violation)
    {
        ref SyscallSlot slot = ref Slot(arch, auditArch, nr, tableNr, out bool found);
        if (!found)
        {
            Interlocked.Increment(ref _overflowLost);
            return RecordOutcome.None;
        }

        if (Volatile.Read(ref slot.FirstTicks) == 0)
        {
            Interlocked.CompareExchange(ref slot.FirstTicks, ticks, 0);
        }

        Volatile.Write(ref slot.LastTicks, ticks);
        RecordOutcome outcome = Interlocked.Increment(ref slot.Count) == 1 ? RecordOutcome.FirstSeen : RecordOutcome.None;
        if (denied)
        {
            Interlocked.Increment(ref slot.Denied);
        }

        if (violation && Interlocked.Increment(ref slot.Violations) == 1)
        {
            outcome |= RecordOutcome.FirstViolation;
        }

        return outcome;
    }

    /// <summary>
    /// Puts back counts an earlier daemon recorded, before the container is published to notify threads. Takes the
    /// kernel's (audit arch, nr), as <see cref="Record"/> does. False when the overflow table is full.
    /// </summary>
    public bool Seed(uint auditArch, int nr, long count, long denied, long firstTicks, long lastTicks, long violations)
    {
        SyscallArch arch = ArchDecoder.Decode(auditArch, nr, out int tableNr);
        ref SyscallSlot slot = ref Slot(arch, auditArch, nr, tableNr, out bool found);
        if (!found)
        {
            return false;
        }

        Volatile.Write(ref slot.FirstTicks, firstTicks);
        Volatile.Write(ref slot.LastTicks, lastTicks);
        Volatile.Write(ref slot.Denied, denied);
        Volatile.Write(ref slot.Violations, violations);
        Volatile.Write(ref slot.Count, count);
        return true;
    }

    /// <summary>Copies every slot with a non-zero count. Runs off the hot path.</summary>
    public void CopyTo(List<SyscallCount> destination)
    {
        for (int archIndex = 0; archIndex < KnownArchCount; archIndex++)
        {
            SyscallSlot[]? slots = Volatile.Read(ref _dense[archIndex]);
            if (slots is null)
            {
                continue;
            }

            SyscallArch arch = (SyscallArch)archIndex;
            for (int nr = 0; nr < slots.Length; nr++)
            {
                long count = Volatile.Read(ref slots[nr].Count);
                if (count != 0)
                {
                    destination.Add(Read(arch, ArchDecoder.AuditArch(arch), nr, count, ref slots[nr]));
                }
            }
        }

        for (int i = 0; i < _overflow.Length; i++)
        {
            ulong key = Volatile.Read(ref _overflow[i].Key);
            long count = key == 0 ? 0 : Volatile.Read(ref _overflow[i].Counters.Count);
            if (count != 0)
            {
                uint auditArch = (uint)((key - 1) >> 32);
                int nr = (int)(uint)(key - 1);
                SyscallArch arch = ArchDecoder.Decode(auditArch, nr, out int tableNr);
                destination.Add(Read(arch, auditArch, tableNr, count, ref _overflow[i].Counters));
            }
        }
    }

    private static SyscallCount Read(SyscallArch arch, uint auditArch, long nr, long count, ref SyscallSlot slot)
    {
        long last = Volatile.Read(ref slot.LastTicks);
        long first = Volatile.Read(ref slot.FirstTicks);
        return new SyscallCount(arch, auditArch, nr, count, Volatile.Read(ref slot.Denied), first == 0 ? last : first, last, Volatile.Read(ref slot.Violations));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ref SyscallSlot Slot(SyscallArch arch, uint auditArch, int nr, int tableNr, out bool found)
    {
        if (arch != SyscallArch.Unknown && (uint)tableNr < (uint)SyscallTable.DenseLength(arch))
        {
            SyscallSlot[] slots = Volatile.Read(ref _dense[(int)arch]) ?? AllocateDense(arch);
            found = true;
            return ref slots[tableNr];
        }

        return ref OverflowSlotFor(((ulong)auditArch << 32 | (uint)nr) + 1, out found);
    }

    // Once per arch per container: not per notification.
    private SyscallSlot[] AllocateDense(SyscallArch arch)
    {
        SyscallSlot[] fresh = new SyscallSlot[SyscallTable.DenseLength(arch)];
        return Interlocked.CompareExchange(ref _dense[(int)arch], fresh, null) ?? fresh;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ref SyscallSlot OverflowSlotFor(ulong key, out bool found)
    {
        int start = (int)(key * 0x9E3779B97F4A7C15UL >> 56) & (OverflowCapacity - 1);
        for (int probe = 0; probe < OverflowCapacity; probe++)
        {
            ref OverflowSlot slot = ref _overflow[(start + probe) & (OverflowCapacity - 1)];
            ulong current = Volatile.Read(ref slot.Key);
            if (current == 0)
            {
                current = Interlocked.CompareExchange(ref slot.Key, key, 0);
                current = current == 0 ? key : current;
            }

            if (current == key)
            {
                found = true;
                return ref slot.Counters;
            }
        }

        found = false;
        return ref _overflow[0].Counters;
    }
}
