using System.Globalization;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Profiles;

/// <summary>
/// Turns recordings into an <see cref="EnforcingProfile"/>: the union of the syscall names the containers
/// made (and were let make) plus <see cref="RuntimeBaseline"/>. Deterministic: the same recordings give the
/// same text, whatever order the counters were filled in.
/// </summary>
internal static class ProfileBuilder
{
    public static EnforcingProfile Build(IReadOnlyList<ContainerSnapshot> containers, int defaultErrno)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultErrno, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(defaultErrno, ErrnoNames.MaxErrno);

        var architectures = new SortedSet<SyscallArch>();
        var ran = new HashSet<string>(StringComparer.Ordinal);
        var onlyDenied = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var warnings = new List<string>();
        foreach (ContainerSnapshot container in containers)
        {
            foreach (SyscallSnapshot syscall in container.Syscalls.OrderBy(s => s.Arch).ThenBy(s => s.Nr))
            {
                if (!SeccompArchitectures.TryGetName(syscall.Arch, out _))
                {
                    warnings.Add(string.Create(CultureInfo.InvariantCulture,
                        $"container {container.Id}: nr {syscall.Nr} of architecture {syscall.ArchName} ({syscall.Count} calls) left out: no seccomp architecture"));
                    continue;
                }

                architectures.Add(syscall.Arch);
                if (syscall.Name is null)
                {
                    warnings.Add(string.Create(CultureInfo.InvariantCulture,
                        $"container {container.Id}: {syscall.ArchName} nr {syscall.Nr} ({syscall.Count} calls) left out: not in the {syscall.ArchName} syscall table"));
                    continue;
                }

                if (syscall.Count > syscall.Denied)
                {
                    ran.Add(syscall.Name);
                }
                else
                {
                    onlyDenied[syscall.Name] = onlyDenied.GetValueOrDefault(syscall.Name) + syscall.Count;
                }
            }
        }

        // A profile allows what ran: a call that the policy answered with an errno every time never did.
        foreach ((string name, long calls) in onlyDenied)
        {
            if (!ran.Contains(name) && !RuntimeBaseline.Names.Contains(name, StringComparer.Ordinal))
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{name} left out: all {calls} recorded calls were denied by the policy"));
            }
        }

        ran.UnionWith(RuntimeBaseline.Names);
        return new EnforcingProfile(
            [.. containers.Select(c => c.Id)],
            defaultErrno,
            [.. architectures.Select(a => SeccompArchitectures.TryGetName(a, out string name) ? name : string.Empty)],
            [.. ran.Order(StringComparer.Ordinal)],
            warnings);
    }
}
