using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SeccompRecorder.Recording.Arguments;

/// <summary>
/// The distinct values of one argument of one syscall in one container, with a count each: a fixed open-addressing
/// table, allocated once, twice as many slots as values kept so a probe for a new value soon meets a free slot. Past
/// <see cref="Capacity"/> values, calls with a new value only count in <see cref="Other"/>: a hostile container cannot
/// grow it. Lock-free: the notify threads of a container (init and each exec) write it with Interlocked only; readers
/// copy it without stopping them. docs/THREADING.md, "Argument values".
/// </summary>
internal sealed class ArgumentSet
{
    // Entry.Count: 0 free, Claiming while a writer stores Value, then the calls seen (> 0).
    private const long Claiming = -1;

    private readonly Entry[] _entries;
    private int _claimed;
    private long _other;

    public ArgumentSet(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _entries = new Entry[(int)BitOperations.RoundUpToPowerOf2((uint)capacity * 2)];
    }

    public int Capacity { get; }

    /// <summary>Calls whose value was not kept because <see cref="Capacity"/> others were.</summary>
    public long Other => Volatile.Read(ref _other);

    /// <summary>Hot path: counts <paramref name="count"/> calls with <paramref name="value"/>. No allocation, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ulong value, long count = 1)
    {
        Entry[] entries = _entries;
        int mask = entries.Length - 1;
        int index = (int)((value * 0x9E3779B97F4A7C15UL) >> 40) & mask;
        for (int probe = 0; probe < entries.Length; probe++, index = (index + 1) & mask)
        {
            ref Entry entry = ref entries[index];
            while (true)
            {
                long seen = Volatile.Read(ref entry.Count);
                if (seen > 0)
                {
                    if (entry.Value == value)
                    {
                        Interlocked.Add(ref entry.Count, count);
                        return;
                    }

                    break;
                }

                if (seen < 0)
                {
                    // Another thread is writing a value here: look on. Were it this value, it is now kept twice, and
                    // readers add the two up (a rare race between two threads of one container, not a lock to wait on).
                    break;
                }

                if (Volatile.Read(ref _claimed) >= Capacity)
                {
                    Interlocked.Add(ref _other, count);
                    return;
                }

                if (Interlocked.CompareExchange(ref entry.Count, Claiming, 0) != 0)
                {
                    continue; // claimed meanwhile: read it again
                }

                if (Interlocked.Increment(ref _claimed) > Capacity)
                {
                    Volatile.Write(ref entry.Count, 0);
                    Interlocked.Add(ref _other, count);
                    return;
                }

                entry.Value = value;
                // The release: a reader that sees the count sees the value.
                Volatile.Write(ref entry.Count, count);
                return;
            }
        }

        Interlocked.Add(ref _other, count);
    }

    /// <summary>Adds calls that counted as "other" in an earlier daemon's recording.</summary>
    public void AddOther(long count) => Interlocked.Add(ref _other, count);

    /// <summary>Off the hot path: each kept value with its count, by value; values a race kept twice are added up.</summary>
    public List<ArgumentValueCount> Read()
    {
        SortedDictionary<ulong, long> values = [];
        foreach (ref Entry entry in _entries.AsSpan())
        {
            long count = Volatile.Read(ref entry.Count);
            if (count > 0)
            {
                values[entry.Value] = values.GetValueOrDefault(entry.Value) + count;
            }
        }

        return [.. values.Select(v => new ArgumentValueCount(v.Key, v.Value))];
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Entry
    {
        public long Count;
        public ulong Value;
    }
}
