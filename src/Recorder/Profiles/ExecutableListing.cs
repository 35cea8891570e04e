using System.Globalization;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Executables;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Profiles;

/// <summary>
/// Which program made the calls of exported recordings (README "Executables"): merged by path over the containers,
/// busiest first, and one line of text each to list beside a profile. Pure.
/// </summary>
internal static class ExecutableListing
{
    /// <summary>The executables of <paramref name="containers"/>, the same path's counts added up.</summary>
    public static List<ExecutableSnapshot> Merge(IEnumerable<ContainerSnapshot> containers)
    {
        Dictionary<string, Dictionary<(SyscallArch Arch, string ArchName, long Nr, string? Name), (long Count, long Denied)>> byPath = new(StringComparer.Ordinal);
        foreach (ExecutableSnapshot executable in containers.SelectMany(c => c.Executables ?? []))
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
            syscalls.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Name, b.Name));
            return new ExecutableSnapshot(e.Key, syscalls.Sum(s => s.Count), syscalls.Sum(s => s.Denied), syscalls);
        })];
        merged.Sort(static (a, b) => a.Calls != b.Calls ? b.Calls.CompareTo(a.Calls) : string.CompareOrdinal(a.Path, b.Path));
        return merged;
    }

    /// <summary>"/bin/app: 12 calls: openat (8), x86:socket (3), nr 999 (1)": the arch named when it is not x86_64.</summary>
    public static string Line(ExecutableSnapshot executable) => string.Create(CultureInfo.InvariantCulture,
        $"{executable.Path}: {executable.Calls} calls: {string.Join(", ", executable.Syscalls.Select(Call))}");

    private static string Call(ExecutableSyscall s)
    {
        string name = s.Name ?? string.Create(CultureInfo.InvariantCulture, $"nr {s.Nr}");
        string arch = s.Arch == SyscallArch.X86_64 ? string.Empty : s.ArchName + ":";
        return string.Create(CultureInfo.InvariantCulture, $"{arch}{name} ({s.Count})");
    }
}
