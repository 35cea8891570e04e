namespace SeccompRecorder.Recording.Paths;

/// <summary>
/// One distinct path of one (container, arch, syscall): its bytes as read (without the NUL; at most
/// <see cref="PathTable.MaxPathBytes"/>), whether it was cut there, and the calls that passed it. Made once, when first
/// kept; only <see cref="Count"/> changes after that.
/// </summary>
internal sealed class PathEntry
{
    private long _count;

    public PathEntry(byte[] bytes, bool truncated, long count)
    {
        Bytes = bytes;
        Truncated = truncated;
        _count = count;
    }

    public byte[] Bytes { get; }

    /// <summary>No NUL was met within <see cref="PathTable.MaxPathBytes"/> (or before unmapped memory): the path goes on.</summary>
    public bool Truncated { get; }

    public long Count => Volatile.Read(ref _count);

    public void Add(long count) => Interlocked.Add(ref _count, count);

    public bool Matches(ReadOnlySpan<byte> bytes, bool truncated) => Truncated == truncated && bytes.SequenceEqual(Bytes);
}
