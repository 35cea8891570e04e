using System.Globalization;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Profiles;

/// <summary>
/// Turns recordings into an <see cref="EnforcingProfile"/>: the union of the syscall names the containers
/// made (and were let make) plus <see cref="RuntimeBaseline"/>, and unless <c>seenOnly</c>, the names each container's
/// own profile let through without notifying (<see cref="SyscallCoverage"/>): those ran too, unseen. With
/// <c>withArguments</c>, the calls recorded with argument values are allowed for those values only (<see cref="ArgumentRules"/>). Deterministic:
/// the same recordings give the same text, whatever order the counters were filled in.
/// </summary>
internal static class ProfileBuilder
{
    /// <summary>How many left-out names a --seen-only warning lists before it only counts.</summary>
    private const int NamesInWarning = 10;

    public static EnforcingProfile Build(IReadOnlyList<ContainerSnapshot> containers, int defaultErrno, bool seenOnly = false, bool withArguments = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultErrno, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(defaultErrno, ErrnoNames.MaxErrno);

        var architectures = new SortedSet<SyscallArch>();
        var ran = new HashSet<string>(StringComparer.Ordinal);
        var onlyDenied = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var reasons = new SortedDictionary<string, (long Violations, string Reason)>(StringComparer.Ordinal);
        var fallbacks = new SortedSet<string>(StringComparer.Ordinal);
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

                if (syscall.Reason is { } reason)
                {
                    reasons[syscall.Name] = (reasons.GetValueOrDefault(syscall.Name).Violations + syscall.Violations, reason);
                }

                // Denied without a violation: only an expected denial is (the source's ENOSYS for a fallback).
                if (syscall.Denied > 0 && syscall.Violations == 0)
                {
                    fallbacks.Add(syscall.Name);
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

        HashSet<string> silent = AllowedSilently(containers, seenOnly, ran, warnings);

        // A profile allows what ran: a call that the policy answered with an errno every time never did.
        foreach ((string name, long calls) in onlyDenied)
        {
            if (!ran.Contains(name) && !silent.Contains(name) && !RuntimeBaseline.Names.Contains(name, StringComparer.Ordinal))
            {
                warnings.Add(fallbacks.Contains(name)
                    ? $"{name} answered ENOSYS, as the source profile answered it, so that callers fall back to an older call"
                    : string.Create(CultureInfo.InvariantCulture, $"{name} left out: all {calls} recorded calls were denied by the policy"));
            }
        }

        // Issue 16: recorded under a notifying runtime-default, a violation says why that profile denies the call.
        foreach ((string name, (long violations, string reason)) in reasons)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {violations} violations of the source profile ({(ran.Contains(name) ? "allowed here, since it ran" : "left out")}), which denies it: {reason}"));
        }

        ran.UnionWith(silent);
        ran.UnionWith(RuntimeBaseline.Names);
        List<string> unconditional = [.. ran.Order(StringComparer.Ordinal)];
        List<ConditionalRule> rules = [];
        if (withArguments)
        {
            // What runc itself makes after loading the filter, and what was never seen, have no values to be held to.
            silent.UnionWith(RuntimeBaseline.Names);
            (unconditional, rules) = ArgumentRules.Split(containers, ran, silent, warnings);
        }

        return new EnforcingProfile(
            [.. containers.Select(c => c.Id)],
            defaultErrno,
            [.. architectures.Select(a => SeccompArchitectures.TryGetName(a, out string name) ? name : string.Empty)],
            unconditional,
            warnings,
            [.. fallbacks.Where(name => !ran.Contains(name))],
            rules);
    }

    /// <summary>
    /// The names the containers' profiles allowed without notifying (empty when <paramref name="seenOnly"/>), with a
    /// warning for each container whose profile is not known, and with --seen-only for each that had such names.
    /// </summary>
    private static HashSet<string> AllowedSilently(IReadOnlyList<ContainerSnapshot> containers, bool seenOnly, HashSet<string> ran, List<string> warnings)
    {
        var silent = new HashSet<string>(StringComparer.Ordinal);
        foreach (ContainerSnapshot container in containers)
        {
            SyscallCoverage coverage = container.Coverage ?? SyscallCoverage.NotRead;
            if (!coverage.IsKnown)
            {
                warnings.Add($"container {container.Id}: only its notified syscalls are known ({coverage.Unknown}); what its profile allowed without notifying is not in this profile");
                continue;
            }

            IReadOnlyList<string> names = coverage.AllowedSilently();
            if (!seenOnly)
            {
                silent.UnionWith(names);
                continue;
            }

            string[] leftOut = [.. names.Where(n => !ran.Contains(n) && !RuntimeBaseline.Names.Contains(n, StringComparer.Ordinal))];
            if (leftOut.Length > 0)
            {
                string listed = string.Join(", ", leftOut.Take(NamesInWarning)) + (leftOut.Length > NamesInWarning ? ", ..." : string.Empty);
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"container {container.Id}: {leftOut.Length} syscalls its profile allowed without notifying left out (seen only): {listed}"));
            }
        }

        return silent;
    }
}
