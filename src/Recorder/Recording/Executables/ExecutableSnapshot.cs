using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Recording.Executables;

/// <summary>
/// One executable of a container and the calls it made, busiest first. <see cref="Path"/> is /proc/PID/exe as the
/// daemon read it, "comm:NAME" when that was unreadable, <see cref="ExecutableNames.OtherName"/> for executables past
/// the first 64, or <see cref="ExecutableNames.UnknownName"/>.
/// </summary>
internal sealed record ExecutableSnapshot(string Path, long Calls, long Denied, IReadOnlyList<ExecutableSyscall> Syscalls)
{
    public bool Equals(ExecutableSnapshot? other) =>
        other is not null && Path == other.Path && Calls == other.Calls && Denied == other.Denied && Syscalls.SequenceEqual(other.Syscalls);

    public override int GetHashCode() => HashCode.Combine(Path, Calls, Denied, Syscalls.Count);

    /// <summary>
    /// The same path's calls added up (twins of one container, or one program in several containers), each total from
    /// its syscalls; busiest first, then by path; syscalls busiest first, then by arch and number.
    /// </summary>
    public static List<ExecutableSnapshot> Merge(IEnumerable<ExecutableSnapshot> executables)
    {
        Dictionary<string, Dictionary<(SyscallArch Arch, string ArchName, long Nr, string? Name), (long Count, long Denied)>> byPath = new(StringComparer.Ordinal);
        foreach (ExecutableSnapshot executable in executables)
        {
            if (!byPath.TryGetValue(executable.Path, out var calls))
            {
                byPath[executable.Path] = calls = [];
            }

            foreach (ExecutableSyscall s in executable.Syscalls)
            {
                (long count, long denied) = calls.GetValueOrDefault((s.Arch, s.ArchName, s.Nr, s.Name));
                calls[(s.Arch, s.ArchName, s.Nr, s.Name)] = (count + s.Count, denied + s.Denied);
            }
        }

        List<ExecutableSnapshot> merged = [.. byPath.Select(e =>
        {
            List<ExecutableSyscall> syscalls = [.. e.Value.Select(c => new ExecutableSyscall(c.Key.Arch, c.Key.ArchName, c.Key.Nr, c.Key.Name, c.Value.Count, c.Value.Denied))];
            syscalls.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count)
                : a.Arch != b.Arch ? a.Arch.CompareTo(b.Arch) : a.Nr.CompareTo(b.Nr));
            return new ExecutableSnapshot(e.Key, syscalls.Sum(s => s.Count), syscalls.Sum(s => s.Denied), syscalls);
        })];
        merged.Sort(static (a, b) => a.Calls != b.Calls ? b.Calls.CompareTo(a.Calls) : string.CompareOrdinal(a.Path, b.Path));
        return merged;
    }
}
