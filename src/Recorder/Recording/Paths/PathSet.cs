using System.Runtime.CompilerServices;

namespace SeccompRecorder.Recording.Paths;

/// <summary>
/// The distinct paths one syscall of one container was called with, at most <see cref="PathTable.MaxPaths"/>, with a
/// count each; calls with a further path count in <see cref="Other"/>, calls whose path could not be read in
/// <see cref="Unread"/>. Lock-free: a slot is claimed once with a CompareExchange of a fresh entry; writers are the
/// container's notify threads, readers copy without stopping them.
/// </summary>
internal sealed class PathSet
{
    private readonly PathEntry?[] _entries = new PathEntry?[PathTable.MaxPaths];
    private long _other;
    private long _unread;

    public long Other => Volatile.Read(ref _other);

    public long Unread => Volatile.Read(ref _unread);

    /// <summary>
    /// Counts <paramref name="count"/> calls with <paramref name="bytes"/>. Returns the entry when this call kept a path
    /// not seen before (for the event), else null. Allocates only then: the entry and its copy of the bytes.
    /// </summary>
    public PathEntry? Add(ReadOnlySpan<byte> bytes, bool truncated, long count = 1)
    {
        PathEntry?[] entries = _entries;
        for (int i = 0; i < entries.Length; i++)
        {
            PathEntry? entry = Volatile.Read(ref entries[i]);
            if (entry is null)
            {
                PathEntry fresh = new(bytes.ToArray(), truncated, count);
                entry = Interlocked.CompareExchange(ref entries[i], fresh, null);
                if (entry is null)
                {
                    return fresh;
                }
            }

            if (entry.Matches(bytes, truncated))
            {
                entry.Add(count);
                return null;
            }
        }

        Interlocked.Add(ref _other, count);
        return null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void AddUnread(long count = 1) => Interlocked.Add(ref _unread, count);

    public void AddOther(long count) => Interlocked.Add(ref _other, count);

    /// <summary>Off the hot path: the kept paths, most called first, then by bytes.</summary>
    public PathSnapshot Read()
    {
        List<PathCount> paths = [];
        for (int i = 0; i < _entries.Length; i++)
        {
            if (Volatile.Read(ref _entries[i]) is { } kept)
            {
                paths.Add(new PathCount(kept.Bytes, kept.Truncated, kept.Count));
            }
        }

        paths.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : a.Bytes.AsSpan().SequenceCompareTo(b.Bytes));
        return new PathSnapshot(paths, Other, Unread);
    }
}
