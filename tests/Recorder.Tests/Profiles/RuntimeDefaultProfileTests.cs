using System.Globalization;
using System.Text.Json.Nodes;
using SeccompRecorder.Policy.Answers;
using SeccompRecorder.Profiles;
using SeccompRecorder.Syscalls;
using Xunit;

namespace SeccompRecorder.Tests.Profiles;

/// <summary>
/// Our runtime-default table against Docker's profile itself (tools/profiles/docker-default.json), each resolved the
/// way moby resolves it (all include caps present, no exclude cap present, the native arch among include arches and
/// not among exclude arches): the same rules, actions, errnos and conditions, for every host arch and several cap sets.
/// </summary>
public sealed class RuntimeDefaultProfileTests
{
    private static readonly JsonObject s_docker =
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "tools", "profiles", "docker-default.json")))!.AsObject();

    public static TheoryData<byte, string> HostsAndCaps()
    {
        string[] capSets =
        [
            string.Join(",", RuntimeDefaultProfile.DefaultCapabilities),
            string.Empty,
            "CAP_SYS_ADMIN",
            "CAP_SYS_PTRACE,CAP_SYS_TIME,CAP_SYS_NICE,CAP_BPF",
            "CAP_DAC_READ_SEARCH,CAP_SYS_BOOT,CAP_SYS_MODULE,CAP_SYS_PACCT,CAP_SYS_RAWIO,CAP_SYS_TTY_CONFIG,CAP_SYSLOG,CAP_PERFMON,CAP_SYS_ADMIN,CAP_SYS_CHROOT",
        ];
        var data = new TheoryData<byte, string>();
        foreach (SyscallArch host in new[] { SyscallArch.X86_64, SyscallArch.X86, SyscallArch.X32, SyscallArch.Aarch64, SyscallArch.Arm })
        {
            foreach (string caps in capSets)
            {
                data.Add((byte)host, caps);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HostsAndCaps))]
    public void Resolve_SameRulesAsDockersProfile(byte hostByte, string capsText)
    {
        var host = (SyscallArch)hostByte;
        string[] caps = capsText.Split(',', StringSplitOptions.RemoveEmptyEntries);

        SourceProfile ours = RuntimeDefaultProfile.Resolve(host, caps);

        Assert.Equal(("SCMP_ACT_ERRNO", (int?)(int)s_docker["defaultErrnoRet"]!), (ours.DefaultAction, ours.DefaultErrnoRet));
        Assert.Equal((string)s_docker["defaultAction"]!, ours.DefaultAction);
        Assert.Equal(DockerArchitectures(host), ours.Architectures);
        Assert.Equal(DockerRules(RuntimeDefaultProfile.NativeName(host), caps), ours.Rules.Select(Key).ToArray());
    }

    [Fact]
    public void Resolve_DefaultCaps_Clone3FallsBackAndChrootAllowed()
    {
        SourceProfile profile = RuntimeDefaultProfile.Resolve(SyscallArch.X86_64, RuntimeDefaultProfile.DefaultCapabilities);

        Assert.Equal(14, RuntimeDefaultProfile.DefaultCapabilities.Count);
        Assert.Contains(profile.Rules, r => r.Names.SequenceEqual(["clone3"]) && r.Action == "SCMP_ACT_ERRNO" && r.ErrnoRet == 38);
        Assert.Contains(profile.Rules, r => r.Names.SequenceEqual(["chroot"]) && r.Action == "SCMP_ACT_ALLOW");
        Assert.DoesNotContain(profile.Rules, r => r.Names.Contains("keyctl"));
    }

    private static string[] DockerArchitectures(SyscallArch host)
    {
        SeccompArchitectures.TryGetName(host, out string native);
        foreach (JsonNode? map in s_docker["archMap"]!.AsArray())
        {
            if ((string?)map!["architecture"] == native)
            {
                return [native, .. map["subArchitectures"]!.AsArray().Select(a => (string)a!)];
            }
        }

        return [native];
    }

    private static string[] DockerRules(string nativeArch, string[] caps)
    {
        var rules = new List<string>();
        foreach (JsonNode? node in s_docker["syscalls"]!.AsArray())
        {
            JsonObject rule = node!.AsObject();
            string[] includeCaps = Strings(rule["includes"]?["caps"]);
            string[] includeArches = Strings(rule["includes"]?["arches"]);
            bool included = includeCaps.All(caps.Contains) && (includeArches.Length == 0 || includeArches.Contains(nativeArch));
            bool excluded = Strings(rule["excludes"]?["caps"]).Any(caps.Contains) || Strings(rule["excludes"]?["arches"]).Contains(nativeArch);
            if (!included || excluded)
            {
                continue;
            }

            string args = string.Join(";", (rule["args"]?.AsArray() ?? []).Select(a => string.Create(CultureInfo.InvariantCulture,
                $"{(int)a!["index"]!} {(string?)a["op"]} {(ulong)a["value"]!} {(ulong?)a["valueTwo"] ?? 0}")));
            rules.Add($"{string.Join(" ", Strings(rule["names"]))} | {(string?)rule["action"]} | {(int?)rule["errnoRet"]} | {args}");
        }

        return [.. rules];
    }

    private static string Key(SourceRule rule) =>
        $"{string.Join(" ", rule.Names)} | {rule.Action} | {rule.ErrnoRet} | "
        + string.Join(";", rule.Args.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Index} {ArgOperatorNames.Oci(a.Op)} {a.Value} {a.ValueTwo}")));

    private static string[] Strings(JsonNode? node) => node is JsonArray array ? [.. array.Select(n => (string)n!)] : [];
}
