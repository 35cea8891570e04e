using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Recording.Paths;

/// <summary>
/// One container's paths: a <see cref="PathSet"/> per (arch, row of <see cref="PathTable"/>), each allocated on the
/// first path of its syscall. Written on the capture path only (a denied call, or any with --capture-paths), never on
/// the common one; read by snapshots.
/// </summary>
internal sealed class PathRecorder
{
    private PathSet?[]? _sets;

    /// <summary>The set of (arch, row), made if it is not there yet.</summary>
    public PathSet For(SyscallArch arch, int row)
    {
        PathSet?[] sets = Volatile.Read(ref _sets) ?? AllocateSets();
        int slot = (int)arch * PathTable.RowCount + row;
        return Volatile.Read(ref sets[slot]) ?? AllocateSet(sets, slot);
    }

    /// <summary>Off the hot path: the paths of (arch, table nr); null when none was recorded.</summary>
    public PathSnapshot? Snapshot(SyscallArch arch, long tableNr)
    {
        PathSet?[]? sets = Volatile.Read(ref _sets);
        return sets is not null && PathTable.TryGetPathArgument(arch, tableNr, out int row, out _)
            && Volatile.Read(ref sets[(int)arch * PathTable.RowCount + row]) is { } set
            ? set.Read()
            : null;
    }

    /// <summary>
    /// Puts back paths an earlier daemon recorded, before the container is served; false when (arch, nr) takes no path
    /// in this build's table.
    /// </summary>
    public bool Seed(SyscallArch arch, long tableNr, PathSnapshot paths)
    {
        if (!PathTable.TryGetPathArgument(arch, tableNr, out int row, out _))
        {
            return false;
        }

        PathSet set = For(arch, row);
        foreach (PathCount path in paths.Paths)
        {
            if (path.Count > 0 && path.Bytes.Length <= PathTable.MaxPathBytes)
            {
                set.Add(path.Bytes, path.Truncated, path.Count);
            }
        }

        if (paths.Other > 0)
        {
            set.AddOther(paths.Other);
        }

        if (paths.Unread > 0)
        {
            set.AddUnread(paths.Unread);
        }

        return true;
    }

    // Once per container.
    private PathSet?[] AllocateSets()
    {
        PathSet?[] fresh = new PathSet?[PathTable.KnownArchCount * PathTable.RowCount];
        return Interlocked.CompareExchange(ref _sets, fresh, null) ?? fresh;
    }

    // Once per (arch, row) per container.
    private static PathSet AllocateSet(PathSet?[] sets, int slot)
    {
        PathSet fresh = new();
        return Interlocked.CompareExchange(ref sets[slot], fresh, null) ?? fresh;
    }
}
