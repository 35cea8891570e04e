using System.Runtime.CompilerServices;

namespace SeccompRecorder.Recording.Executables;

/// <summary>
/// Which executable each thread of one container runs, so that a call is attributed without reading /proc: a fixed
/// table of <see cref="Slots"/> threads keyed by tid (notif.pid is a thread id), probed over <see cref="Ways"/> slots.
/// A hit costs one read of one word; a thread is resolved (<see cref="IProcessInspector"/>, on the notify thread) on its
/// first notified call, again <see cref="ExecRechecks"/> times after an execve/execveat of its process was notified
/// (until the executable changes: the exec takes effect after the call is answered), and again once its resolution is
/// older than the revalidation period (catches a pid reused, or an exec the profile did not notify, within that time).
/// A notified exit frees the thread's slot and exit_group its process's. No lock, no allocation once resolved:
/// docs/THREADING.md, "Executables".
/// </summary>
internal sealed class ProcessCache
{
    public const int Slots = 256;
    public const int Ways = 8;

    /// <summary>How many resolutions after a notified exec may still find the old executable before the cache gives up.</summary>
    public const int ExecRechecks = 4;

    private const int Mask = Slots - 1;
    private const ulong ExecutableMask = 0xFFFF;
    private const int RechecksShift = 24;
    private const ulong RechecksMask = 0xFFUL << RechecksShift;

    private readonly IProcessInspector _inspector;
    private readonly ExecutableNames _names;
    private readonly long _revalidateTicks;
    private ProcessSlot[]? _slots;
    private long _resolutions;

    public ProcessCache(IProcessInspector inspector, ExecutableNames names, long revalidateTicks)
    {
        _inspector = inspector;
        _names = names;
        _revalidateTicks = revalidateTicks;
    }

    /// <summary>Threads resolved through /proc so far (first sightings, rechecks and revalidations).</summary>
    public long Resolutions => Volatile.Read(ref _resolutions);

    /// <summary>Hot path: the executable index of thread <paramref name="tid"/> at <paramref name="ticks"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Executable(int tid, long ticks)
    {
        if (tid <= 0)
        {
            return ExecutableNames.Unknown;
        }

        ProcessSlot[] slots = Volatile.Read(ref _slots) ?? AllocateSlots();
        int home = Home(tid);
        for (int probe = 0; probe < Ways; probe++)
        {
            ref ProcessSlot slot = ref slots[(home + probe) & Mask];
            ulong key = Volatile.Read(ref slot.Key);
            if ((uint)(key >> 32) == (uint)tid && (key & ExecutableMask) != 0)
            {
                if ((key & RechecksMask) == 0 && ticks - Volatile.Read(ref slot.ResolvedTicks) < _revalidateTicks)
                {
                    return (int)(key & ExecutableMask) - 1;
                }

                return Resolve(ref slot, tid, key, ticks);
            }
        }

        return Resolve(ref FreeOrVictim(slots, home, ticks), tid, 0, ticks);
    }

    /// <summary>
    /// After an execve/execveat of <paramref name="tid"/> was counted: every thread of its process is resolved again on
    /// its next calls (a successful exec leaves one thread, under the group's id), until the executable changes.
    /// </summary>
    public void ExecNotified(int tid) => ForProcessOf(tid, static (ref ProcessSlot slot, ulong key) =>
        Interlocked.CompareExchange(ref slot.Key, (key & ~RechecksMask) | (ulong)ExecRechecks << RechecksShift, key));

    /// <summary>After an exit of <paramref name="tid"/> was counted: its slot is free (its tid may be reused).</summary>
    public void ThreadExitNotified(int tid)
    {
        if (Find(tid) is { } index)
        {
            ref ProcessSlot slot = ref _slots![index];
            ulong key = Volatile.Read(ref slot.Key);
            if ((uint)(key >> 32) == (uint)tid)
            {
                Interlocked.CompareExchange(ref slot.Key, 0, key);
            }
        }
    }

    /// <summary>After an exit_group of <paramref name="tid"/> was counted: every slot of its process is free.</summary>
    public void GroupExitNotified(int tid) => ForProcessOf(tid, static (ref ProcessSlot slot, ulong key) =>
        Interlocked.CompareExchange(ref slot.Key, 0, key));

    private delegate void SlotAction(ref ProcessSlot slot, ulong key);

    // Off the common path (an exec or exit_group): a walk of the whole table, a few hundred loads.
    private void ForProcessOf(int tid, SlotAction action)
    {
        if (Find(tid) is not { } index)
        {
            return;
        }

        ProcessSlot[] slots = _slots!;
        int tgid = Volatile.Read(ref slots[index].Tgid);
        ulong startTime = Volatile.Read(ref slots[index].StartTime);
        for (int i = 0; i < slots.Length; i++)
        {
            ref ProcessSlot slot = ref slots[i];
            ulong key = Volatile.Read(ref slot.Key);
            if (key != 0 && (i == index || (Volatile.Read(ref slot.Tgid) == tgid && Volatile.Read(ref slot.StartTime) == startTime)))
            {
                action(ref slot, key);
            }
        }
    }

    private int? Find(int tid)
    {
        ProcessSlot[]? slots = Volatile.Read(ref _slots);
        if (slots is null || tid <= 0)
        {
            return null;
        }

        int home = Home(tid);
        for (int probe = 0; probe < Ways; probe++)
        {
            int index = (home + probe) & Mask;
            if ((uint)(Volatile.Read(ref slots[index].Key) >> 32) == (uint)tid)
            {
                return index;
            }
        }

        return null;
    }

    // Once per thread, and per recheck or revalidation: the /proc reads. Not inlined into the hot path's frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Resolve(ref ProcessSlot slot, int tid, ulong previous, long ticks)
    {
        Interlocked.Increment(ref _resolutions);
        Span<byte> name = stackalloc byte[ProcInspector.MaxName];
        int executable = _inspector.TryInspect(tid, out int tgid, out ulong startTime, name, out int length)
            ? _names.Intern(name[..length])
            : ExecutableNames.Unknown;

        ulong rechecks = (previous & RechecksMask) >> RechecksShift;
        if (rechecks > 0)
        {
            // The exec has not taken effect yet while the same process still runs the same file: look again next call.
            bool unchanged = executable == (int)(previous & ExecutableMask) - 1 && slot.Tgid == tgid && slot.StartTime == startTime;
            rechecks = unchanged ? rechecks - 1 : 0;
        }

        slot.Tgid = tgid;
        slot.StartTime = startTime;
        Volatile.Write(ref slot.ResolvedTicks, ticks);
        Volatile.Write(ref slot.Key, (ulong)(uint)tid << 32 | rechecks << RechecksShift | (uint)(executable + 1));
        return executable;
    }

    private static ref ProcessSlot FreeOrVictim(ProcessSlot[] slots, int home, long ticks)
    {
        for (int probe = 0; probe < Ways; probe++)
        {
            ref ProcessSlot slot = ref slots[(home + probe) & Mask];
            if (Volatile.Read(ref slot.Key) == 0)
            {
                return ref slot;
            }
        }

        // Full: a slot of the window, picked by the clock's low bits so that no one thread is always the one evicted.
        return ref slots[(home + (int)(ticks & (Ways - 1))) & Mask];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Home(int tid) => (int)((uint)tid * 0x9E3779B1u >> 24) & Mask;

    // Once per container.
    private ProcessSlot[] AllocateSlots()
    {
        ProcessSlot[] fresh = new ProcessSlot[Slots];
        return Interlocked.CompareExchange(ref _slots, fresh, null) ?? fresh;
    }
}
