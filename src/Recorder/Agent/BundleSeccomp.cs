using System.Text.Json;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Agent;

/// <summary>
/// The coverage of a bundle's <c>linux.seccomp</c> (runtime-spec config-linux.md "Seccomp"), from config.json bytes a
/// peer controls: parsed as untrusted (bounded by the caller, depth-limited here), and no problem text ever quotes it.
/// </summary>
/// <remarks>
/// libseccomp's model: each arch of <c>architectures</c> (and the native one, which libseccomp always adds) gets the
/// rules; a syscall no rule names gets <c>defaultAction</c>; a rule with <c>args</c> applies to some calls only, so its
/// syscall also gets whatever applies when the arguments do not match (here: the default action).
/// </remarks>
internal static class BundleSeccomp
{
    [Flags]
    private enum Actions
    {
        None = 0,
        Notified = 1,
        Allowed = 2,
        Denied = 4,
    }

    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 32, CommentHandling = JsonCommentHandling.Disallow };

    public static SyscallCoverage Parse(ReadOnlyMemory<byte> configJson, SyscallArch native)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(configJson, s_options);
            return TryParse(document.RootElement, native, out SyscallCoverage? coverage, out string problem)
                ? coverage!
                : SyscallCoverage.Unreadable(problem);
        }
        catch (JsonException)
        {
            return SyscallCoverage.Unreadable("the bundle's config.json is not JSON");
        }
    }

    private static bool TryParse(JsonElement root, SyscallArch native, out SyscallCoverage? coverage, out string problem)
    {
        coverage = null;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("linux", out JsonElement linux) || linux.ValueKind != JsonValueKind.Object
            || !linux.TryGetProperty("seccomp", out JsonElement seccomp) || seccomp.ValueKind != JsonValueKind.Object)
        {
            problem = "the bundle's config.json has no linux.seccomp object";
            return false;
        }

        if (!seccomp.TryGetProperty("defaultAction", out JsonElement defaultAction) || !TryClassify(defaultAction, out Actions fallback))
        {
            problem = "linux.seccomp.defaultAction is missing or not an action this daemon knows";
            return false;
        }

        var archs = new SortedSet<SyscallArch> { native };
        if (seccomp.TryGetProperty("architectures", out JsonElement architectures))
        {
            if (architectures.ValueKind != JsonValueKind.Array)
            {
                problem = "linux.seccomp.architectures is not an array";
                return false;
            }

            foreach (JsonElement arch in architectures.EnumerateArray())
            {
                // Arches without a table here (MIPS, PPC, ...) cannot be made by this host's containers anyway.
                if (arch.ValueKind == JsonValueKind.String && SeccompArchitectures.TryParse(arch.GetString()!, out SyscallArch parsed))
                {
                    archs.Add(parsed);
                }
            }
        }

        var rules = new Dictionary<string, (Actions Actions, bool Unconditional)>(StringComparer.Ordinal);
        if (seccomp.TryGetProperty("syscalls", out JsonElement syscalls) && !TryReadRules(syscalls, rules, out problem))
        {
            return false;
        }

        var result = new List<ArchCoverage>(archs.Count);
        foreach (SyscallArch arch in archs)
        {
            List<string> notified = [], allowed = [], denied = [];
            foreach (string name in SyscallTable.Names(arch))
            {
                Actions actions = rules.TryGetValue(name, out (Actions Actions, bool Unconditional) rule)
                    ? rule.Actions | (rule.Unconditional ? Actions.None : fallback)
                    : fallback;
                AddIf(actions, Actions.Notified, notified, name);
                AddIf(actions, Actions.Allowed, allowed, name);
                AddIf(actions, Actions.Denied, denied, name);
            }

            result.Add(new ArchCoverage(ArchDecoder.Name(arch), notified, allowed, denied));
        }

        coverage = new SyscallCoverage(null, result);
        problem = string.Empty;
        return true;
    }

    private static bool TryReadRules(JsonElement syscalls, Dictionary<string, (Actions Actions, bool Unconditional)> rules, out string problem)
    {
        if (syscalls.ValueKind != JsonValueKind.Array)
        {
            problem = "linux.seccomp.syscalls is not an array";
            return false;
        }

        int index = 0;
        foreach (JsonElement rule in syscalls.EnumerateArray())
        {
            if (rule.ValueKind != JsonValueKind.Object
                || !rule.TryGetProperty("names", out JsonElement names) || names.ValueKind != JsonValueKind.Array
                || !rule.TryGetProperty("action", out JsonElement action) || !TryClassify(action, out Actions actions))
            {
                problem = $"linux.seccomp.syscalls[{index}] has no names array or no action this daemon knows";
                return false;
            }

            bool unconditional = !rule.TryGetProperty("args", out JsonElement args) || args.ValueKind != JsonValueKind.Array || args.GetArrayLength() == 0;
            foreach (JsonElement name in names.EnumerateArray())
            {
                if (name.ValueKind != JsonValueKind.String)
                {
                    problem = $"linux.seccomp.syscalls[{index}].names holds something other than a string";
                    return false;
                }

                string key = name.GetString()!;
                (Actions Actions, bool Unconditional) seen = rules.GetValueOrDefault(key);
                rules[key] = (seen.Actions | actions, seen.Unconditional || unconditional);
            }

            index++;
        }

        problem = string.Empty;
        return true;
    }

    private static bool TryClassify(JsonElement action, out Actions actions)
    {
        actions = action.ValueKind != JsonValueKind.String ? Actions.None : action.GetString() switch
        {
            "SCMP_ACT_NOTIFY" => Actions.Notified,
            "SCMP_ACT_ALLOW" or "SCMP_ACT_LOG" => Actions.Allowed,
            // TRACE without a tracer fails the call with ENOSYS: for a container, a denial.
            "SCMP_ACT_ERRNO" or "SCMP_ACT_KILL" or "SCMP_ACT_KILL_PROCESS" or "SCMP_ACT_KILL_THREAD" or "SCMP_ACT_TRAP" or "SCMP_ACT_TRACE" => Actions.Denied,
            _ => Actions.None,
        };
        return actions != Actions.None;
    }

    private static void AddIf(Actions actions, Actions flag, List<string> names, string name)
    {
        if ((actions & flag) != 0)
        {
            names.Add(name);
        }
    }
}
