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
    public static List<ExecutableSnapshot> Merge(IEnumerable<ContainerSnapshot> containers) =>
        ExecutableSnapshot.Merge(containers.SelectMany(c => c.Executables ?? []));

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
