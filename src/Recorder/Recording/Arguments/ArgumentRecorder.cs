using System.Runtime.CompilerServices;
using SeccompRecorder.Native;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Recording.Arguments;

/// <summary>
/// One container's argument values: an <see cref="ArgumentSet"/> per (arch, rule of <see cref="ArgumentTable"/>),
/// each allocated on the first call that needs it (once per container, never again: that call's container waits a
/// few hundred nanoseconds more, the others nothing). Written by the container's notify threads, read by snapshots.
/// </summary>
internal sealed class ArgumentRecorder
{
    private ArgumentSet?[]? _sets;

    /// <summary>Hot path: records the tracked arguments of one call. An untracked call costs one table read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Record(SyscallArch arch, int tableNr, in SeccompNotification notification)
    {
        if (!ArgumentTable.TryGetRules(arch, tableNr, out int first, out int count))
        {
            return;
        }

        ArgumentSet?[] sets = Volatile.Read(ref _sets) ?? AllocateSets();
        int offset = (int)arch * ArgumentTable.RuleCount;
        for (int rule = first; rule < first + count; rule++)
        {
            ArgumentRule argument = ArgumentTable.Rule(rule);
            ArgumentSet set = Volatile.Read(ref sets[offset + rule]) ?? AllocateSet(sets, offset + rule, argument.Capacity);
            set.Add(argument.Extract(notification));
        }
    }

    /// <summary>
    /// Puts back values an earlier daemon recorded, before the container is published to notify threads; false when
    /// (arch, nr) has no argument of that name in this build's table.
    /// </summary>
    public bool Seed(SyscallArch arch, long tableNr, string name, IEnumerable<ArgumentValueCount> values, long other)
    {
        if (!ArgumentTable.TryFindRule(arch, tableNr, name, out int rule))
        {
            return false;
        }

        ArgumentSet?[] sets = Volatile.Read(ref _sets) ?? AllocateSets();
        int slot = (int)arch * ArgumentTable.RuleCount + rule;
        ArgumentSet set = Volatile.Read(ref sets[slot]) ?? AllocateSet(sets, slot, ArgumentTable.Rule(rule).Capacity);
        foreach (ArgumentValueCount value in values)
        {
            if (value.Count > 0)
            {
                set.Add(value.Value, value.Count);
            }
        }

        if (other > 0)
        {
            set.AddOther(other);
        }

        return true;
    }

    /// <summary>Off the hot path: the recorded arguments of (arch, table nr), in the table's order; null when none.</summary>
    public IReadOnlyList<ArgumentSnapshot>? Snapshot(SyscallArch arch, long tableNr)
    {
        ArgumentSet?[]? sets = Volatile.Read(ref _sets);
        if (sets is null || tableNr is < 0 or > int.MaxValue || !ArgumentTable.TryGetRules(arch, (int)tableNr, out int first, out int count))
        {
            return null;
        }

        List<ArgumentSnapshot>? snapshots = null;
        int offset = (int)arch * ArgumentTable.RuleCount;
        for (int rule = first; rule < first + count; rule++)
        {
            if (Volatile.Read(ref sets[offset + rule]) is { } set)
            {
                ArgumentRule argument = ArgumentTable.Rule(rule);
                (snapshots ??= []).Add(new ArgumentSnapshot(argument.Name, argument.Format, set.Read(), set.Other));
            }
        }

        return snapshots;
    }

    // Once per container.
    private ArgumentSet?[] AllocateSets()
    {
        ArgumentSet?[] fresh = new ArgumentSet?[ArgumentTable.KnownArchCount * ArgumentTable.RuleCount];
        return Interlocked.CompareExchange(ref _sets, fresh, null) ?? fresh;
    }

    // Once per (arch, rule) per container.
    private static ArgumentSet AllocateSet(ArgumentSet?[] sets, int slot, int capacity)
    {
        ArgumentSet fresh = new(capacity);
        return Interlocked.CompareExchange(ref sets[slot], fresh, null) ?? fresh;
    }
}
