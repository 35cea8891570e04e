using System.Globalization;
using System.Numerics;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Arguments;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Profiles;

/// <summary>
/// <c>profile export --args</c> (README "Argument rules"): which allowed syscalls get rules with argument conditions,
/// and which conditions. A rule checks exactly the bits <see cref="ArgumentTable"/> recorded: SCMP_CMP_EQ where the
/// whole register was (unshare's flags, ptrace's request), SCMP_CMP_MASKED_EQ with the recording's mask otherwise (an
/// int's low 32 bits, which is all the kernel reads; socket type without SOCK_NONBLOCK|SOCK_CLOEXEC; clone's flags
/// without the exit signal; mmap/mprotect's PROT_EXEC bit), so every recorded call passes whatever it had in the other
/// bits. setsockopt's (level, name) is two conditions in one rule. One rule per value: runc splits repeated conditions on
/// one argument into separate rules anyway, crun does not.
/// </summary>
/// <remarks>
/// Several recorded arguments (socket: domain, type, protocol): the recording keeps each argument's values, not which
/// went together in one call, so the rules allow every combination of them, a superset of the calls made; an argument
/// that would take a syscall past <see cref="MaxRulesPerSyscall"/> rules is left unconditioned, with a warning.
/// Unconditional: the runtime baseline and what a container's profile allowed without notifying (never seen, so no
/// values); a call some arch records nothing for (i386 mmap); values missing or past the recording's bound ("other");
/// a value above int64 (SPO cannot write it).
/// </remarks>
internal static class ArgumentRules
{
    public const int MaxRulesPerSyscall = ArgumentTable.MaxValues;

    /// <summary>
    /// <paramref name="allowed"/> split into names allowed unconditionally and rules with conditions, each sorted;
    /// <paramref name="unconditional"/> stay so whatever was recorded.
    /// </summary>
    public static (List<string> Unconditional, List<ConditionalRule> Rules) Split(
        IReadOnlyList<ContainerSnapshot> containers, IReadOnlySet<string> allowed, IReadOnlySet<string> unconditional, List<string> warnings)
    {
        var free = new HashSet<string>(unconditional, StringComparer.Ordinal);
        var seen = new SortedDictionary<string, SeenArguments>(StringComparer.Ordinal);
        foreach (ContainerSnapshot container in containers)
        {
            foreach (SyscallSnapshot syscall in container.Syscalls)
            {
                // What the profile leaves out or allows anyway; calls only ever denied had values that never ran.
                if (syscall.Name is not { } name || free.Contains(name) || !allowed.Contains(name) || syscall.Count <= syscall.Denied
                    || !SeccompArchitectures.TryGetName(syscall.Arch, out _))
                {
                    continue;
                }

                string? problem = TryGetRules(syscall, out int first, out int count)
                    ? (seen.TryGetValue(name, out SeenArguments? arguments) ? arguments : seen[name] = new SeenArguments(first, count)).Add(container.Id, syscall)
                    : NotRecordedOnArch(syscall);
                if (problem is not null || !seen.ContainsKey(name))
                {
                    free.Add(name);
                    seen.Remove(name);
                    if (problem is not null)
                    {
                        warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{name} allowed without argument conditions: {problem}"));
                    }
                }
            }
        }

        var rules = new List<ConditionalRule>();
        foreach ((string name, SeenArguments arguments) in seen)
        {
            int before = rules.Count;
            arguments.AddRules(name, rules, warnings);
            if (rules.Count == before)
            {
                free.Add(name);
            }
        }

        return ([.. allowed.Where(free.Contains).Order(StringComparer.Ordinal)], rules);
    }

    private static bool TryGetRules(SyscallSnapshot syscall, out int first, out int count)
    {
        first = 0;
        count = 0;
        return syscall.Nr is >= 0 and <= int.MaxValue && ArgumentTable.TryGetRules(syscall.Arch, (int)syscall.Nr, out first, out count);
    }

    // A call the table records on other arches but not on this one (i386 mmap takes a struct): no values to condition on.
    private static string? NotRecordedOnArch(SyscallSnapshot syscall) =>
        ArgumentTable.Rows.Any(r => string.Equals(r.Syscall, syscall.Name, StringComparison.Ordinal))
            ? $"its {syscall.ArchName} calls take no recorded argument in a register"
            : null;

    /// <summary>The conditions that hold for the calls whose <paramref name="rule"/> argument had <paramref name="value"/>.</summary>
    internal static IEnumerable<ArgumentCondition> Conditions(ArgumentRule rule, ulong value)
    {
        if (rule.PairIndex != ArgumentRule.NoPair)
        {
            // Recorded as (uint)args[Index] << 32 | (uint)args[PairIndex]: both ints, both in one rule (AND).
            yield return ArgumentCondition.MaskedEqual(rule.Index, ArgumentRule.Low32, value >> 32);
            yield return ArgumentCondition.MaskedEqual(rule.PairIndex, ArgumentRule.Low32, value & ArgumentRule.Low32);
        }
        else if (rule.Mask == ulong.MaxValue)
        {
            yield return ArgumentCondition.Equal(rule.Index, value);
        }
        else
        {
            yield return ArgumentCondition.MaskedEqual(rule.Index, rule.Mask, value);
        }
    }

    /// <summary>The union of one syscall's recorded values over containers and arches, per argument of its table row.</summary>
    private sealed class SeenArguments(int first, int count)
    {
        private readonly SortedSet<ulong>[] _values = [.. Enumerable.Range(0, count).Select(_ => new SortedSet<ulong>())];

        /// <summary>Null, or why the syscall cannot have conditions.</summary>
        public string? Add(string containerId, SyscallSnapshot syscall)
        {
            for (int i = 0; i < count; i++)
            {
                ArgumentRule rule = ArgumentTable.Rule(first + i);
                ArgumentSnapshot? recorded = syscall.Arguments?.FirstOrDefault(a => string.Equals(a.Name, rule.Name, StringComparison.Ordinal));
                if (recorded is null || recorded.Values.Count == 0)
                {
                    return $"container {containerId} has no recorded {rule.Name} values of its {syscall.ArchName} calls";
                }

                if (recorded.Other > 0)
                {
                    return string.Create(CultureInfo.InvariantCulture,
                        $"container {containerId} made {recorded.Other} {syscall.ArchName} calls with {rule.Name} values past the {ArgumentTable.MaxValues} kept");
                }

                _values[i].UnionWith(recorded.Values.Select(v => v.Value));
            }

            return null;
        }

        /// <summary>One rule per combination of the values of the arguments that restrict anything (none: unconditional).</summary>
        public void AddRules(string name, List<ConditionalRule> rules, List<string> warnings)
        {
            var used = new List<(ArgumentRule Rule, ulong[] Values)>();
            long product = 1;
            for (int i = 0; i < count; i++)
            {
                ArgumentRule rule = ArgumentTable.Rule(first + i);
                ulong[] values = [.. _values[i]];
                if (CoversEveryValue(rule, values.Length))
                {
                    continue;
                }

                if (values.Any(v => v > long.MaxValue))
                {
                    warnings.Add($"{name}: {rule.Name} not conditioned: a value above 2^63-1 was recorded (SPO writes int64)");
                    continue;
                }

                if (product * values.Length > MaxRulesPerSyscall)
                {
                    warnings.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{name}: {rule.Name} not conditioned: its {values.Length} values would make {product * values.Length} rules, more than {MaxRulesPerSyscall}"));
                    continue;
                }

                used.Add((rule, values));
                product *= values.Length;
            }

            if (used.Count == 0)
            {
                return;
            }

            // An odometer over the used arguments' values: the last one turns fastest, so rules come sorted by value.
            int[] at = new int[used.Count];
            while (true)
            {
                rules.Add(new ConditionalRule(name, [.. used.SelectMany((u, k) => Conditions(u.Rule, u.Values[at[k]]))]));
                int digit = used.Count - 1;
                while (digit >= 0 && ++at[digit] == used[digit].Values.Length)
                {
                    at[digit--] = 0;
                }

                if (digit < 0)
                {
                    return;
                }
            }
        }

        // Every value the mask allows was seen (PROT_EXEC both with and without): conditions would restrict nothing.
        private static bool CoversEveryValue(ArgumentRule rule, int values) =>
            rule.PairIndex == ArgumentRule.NoPair && BitOperations.PopCount(rule.Mask) is var bits && bits < 8 && values == 1 << bits;
    }
}
