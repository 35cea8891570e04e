using System.Text.Json.Nodes;
using SeccompRecorder.Policy.Answers;
using SeccompRecorder.Profiles;
using SeccompRecorder.Syscalls;
using Xunit;

namespace SeccompRecorder.Tests.Profiles;

/// <summary>The notifying form of enforcing profiles: what is notified, what stays, and the answers that travel along.</summary>
public sealed class NotifyConversionTests
{
    private const string UserProfile = """
        {
          "defaultAction": "SCMP_ACT_ERRNO",
          "defaultErrnoRet": 13,
          "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_PPC64LE"],
          "syscalls": [
            { "names": ["read", "write", "exit_group", "openat"], "action": "SCMP_ACT_ALLOW" },
            { "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 30 },
            { "names": ["unlink"], "action": "SCMP_ACT_ERRNO" },
            { "names": ["kexec_load"], "action": "SCMP_ACT_KILL_PROCESS" },
            { "names": ["getpid"], "action": "SCMP_ACT_LOG" },
            { "names": ["uname"], "action": "SCMP_ACT_TRACE", "errnoRet": 1 },
            { "names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{ "index": 0, "value": 0, "op": "SCMP_CMP_EQ" }] },
            { "names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{ "index": 0, "value": 8, "op": "SCMP_CMP_EQ" }] },
            { "names": ["openat"], "action": "SCMP_ACT_ERRNO", "args": [{ "index": 2, "value": 64, "valueTwo": 64, "op": "SCMP_CMP_MASKED_EQ" }] }
          ]
        }
        """;

    [Fact]
    public void RuntimeDefault_DeniedNotifiedAllowedKeptAnswersCarried()
    {
        NotifyProfile profile = Convert(RuntimeDefaultProfile.Resolve(SyscallArch.X86_64, RuntimeDefaultProfile.DefaultCapabilities), [SyscallArch.X86_64]);

        Assert.Equal(("SCMP_ACT_ERRNO", (int?)1), (profile.DefaultAction, profile.DefaultErrnoRet));
        string[] notified = [.. profile.Notified];
        // Denied by the default action, by an explicit rule (clone3), or allowed only under argument conditions.
        Assert.Subset(notified.ToHashSet(), new HashSet<string> { "keyctl", "add_key", "unshare", "mount", "clone3", "personality", "clone", "socket", "reboot" });
        Assert.DoesNotContain("read", notified);
        Assert.DoesNotContain("chroot", notified);
        Assert.DoesNotContain("write", notified);
        // Everything x86_64 knows is either allowed unconditionally or notified.
        HashSet<string> allowed = [.. profile.Rules.Where(r => (string?)r["action"] == "SCMP_ACT_ALLOW").SelectMany(r => Names(r))];
        Assert.All(SyscallTable.Names(SyscallArch.X86_64), n => Assert.True(allowed.Contains(n) ^ notified.Contains(n), n));
        Assert.DoesNotContain(profile.Rules, r => r["args"] is not null);

        ProfileAnswers answers = profile.Answers!;
        Assert.Equal(SourceAnswer.Fail(1), answers.Default);
        Assert.Equal(SourceAnswer.Fail(38), answers.Answer("clone3", new ulong[6]));
        Assert.Equal(SourceAnswer.Fail(1), answers.Answer("keyctl", new ulong[6]));
        Assert.Equal(SourceAnswer.Allow, answers.Answer("personality", [0xffffffff, 0, 0, 0, 0, 0]));
        Assert.Equal(SourceAnswer.Fail(1), answers.Answer("personality", [0x0006, 0, 0, 0, 0, 0])); // PER_BSD
        Assert.Equal(SourceAnswer.Allow, answers.Answer("clone", [0x11, 0, 0, 0, 0, 0]));
        Assert.Equal(SourceAnswer.Fail(1), answers.Answer("clone", [0x10000000, 0, 0, 0, 0, 0])); // CLONE_NEWUSER
        Assert.Equal(SourceAnswer.Fail(1), answers.Answer("socket", [38, 0, 0, 0, 0, 0])); // AF_ALG, left out of the allowed families
        Assert.Equal(SourceAnswer.Allow, answers.Answer("socket", [2, 0, 0, 0, 0, 0]));
    }

    [Fact]
    public void RuntimeDefault_SysAdmin_CloneAllowedClone3NotDenied()
    {
        NotifyProfile profile = Convert(RuntimeDefaultProfile.Resolve(SyscallArch.X86_64, ["CAP_SYS_ADMIN"]), [SyscallArch.X86_64]);

        Assert.DoesNotContain("clone3", profile.Notified);
        Assert.DoesNotContain("mount", profile.Notified);
        Assert.DoesNotContain("clone", profile.Notified);
        Assert.Contains("chroot", profile.Notified);
    }

    [Fact]
    public void UserProfile_PerRuleErrnosKillsConditionalAllowsAndKeptRules()
    {
        Assert.True(SourceProfileReader.TryRead(UserProfile, out SourceProfile? source, out string error), error);
        NotifyProfile profile = Convert(source!, [SyscallArch.X86_64, SyscallArch.X86]);

        Assert.Equal(("SCMP_ACT_ERRNO", (int?)13), (profile.DefaultAction, profile.DefaultErrnoRet));
        Assert.Equal(["read", "write", "exit_group", "openat"], Names(Rule(profile, "SCMP_ACT_ALLOW")));
        Assert.Equal(["getpid"], Names(Rule(profile, "SCMP_ACT_LOG")));
        JsonObject trace = Rule(profile, "SCMP_ACT_TRACE");
        Assert.Equal(["uname"], Names(trace));
        Assert.Equal(1, (int)trace["errnoRet"]!);
        Assert.Contains("mkdir", profile.Notified);
        Assert.Contains("personality", profile.Notified);
        Assert.Contains("socket", profile.Notified); // by the default action
        Assert.DoesNotContain("openat", profile.Notified); // its unconditional ALLOW wins, as in libseccomp
        Assert.DoesNotContain("write", profile.Notified);

        ProfileAnswers answers = profile.Answers!;
        Assert.Equal(SourceAnswer.Fail(13), answers.Default);
        Assert.Equal(SourceAnswer.Fail(30), answers.Answer("mkdirat", new ulong[6]));
        Assert.Equal(SourceAnswer.Fail(1), answers.Answer("unlink", new ulong[6])); // runc: EPERM for a rule without errnoRet
        Assert.Equal(new SourceAnswer(SourceAction.KillProcess), answers.Answer("kexec_load", new ulong[6]));
        Assert.Equal(SourceAnswer.Allow, answers.Answer("personality", [8, 0, 0, 0, 0, 0]));
        Assert.Equal(SourceAnswer.Fail(13), answers.Answer("personality", [6, 0, 0, 0, 0, 0]));
        Assert.Equal(SourceAnswer.Fail(13), answers.Answer("socket", new ulong[6]));
    }

    [Fact]
    public void DenyingWrite_StaysAsTheSourceSaysWithANote()
    {
        Assert.True(SourceProfileReader.TryRead(
            """{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["write","mkdir"],"action":"SCMP_ACT_ERRNO","errnoRet":5}]}""",
            out SourceProfile? source, out _));

        NotifyProfile profile = Convert(source!, [SyscallArch.X86_64]);

        Assert.Equal(["mkdir"], profile.Notified);
        JsonObject write = Rule(profile, "SCMP_ACT_ERRNO");
        Assert.Equal(["write"], Names(write));
        Assert.Equal(5, (int)write["errnoRet"]!);
        Assert.Contains(NotifyProfileBuilder.WriteNote, profile.Notes);
        Assert.Equal(SourceAnswer.Allow, profile.Answers!.Default);
        Assert.Equal(SourceAnswer.Fail(5), profile.Answers.Answer("mkdir", new ulong[6]));
    }

    [Fact]
    public void Crio_OnlyExplicitErrnoAndKillRulesBecomeNotify()
    {
        Assert.True(SourceProfileReader.TryRead(UserProfile, out SourceProfile? source, out _));

        Assert.True(NotifyConversion.TryConvert(source!, [SyscallArch.X86_64], crio: true, out NotifyProfile? profile, out string error), error);

        Assert.Equal(["kexec_load", "mkdir", "mkdirat", "openat", "unlink"], profile!.Notified);
        string[] notifyRules = [.. profile.Rules.Where(r => (string?)r["action"] == "SCMP_ACT_NOTIFY").Select(r => string.Join(",", Names(r)))];
        Assert.Equal(["mkdir,mkdirat", "unlink", "kexec_load", "openat"], notifyRules);
        // The conditional ERRNO rule keeps its condition; nothing the default action denies is notified.
        Assert.NotNull(profile.Rules.Single(r => (string?)r["action"] == "SCMP_ACT_NOTIFY" && Names(r).SequenceEqual(["openat"]))["args"]);
        Assert.DoesNotContain("socket", profile.Notified);
        Assert.Equal(SourceAnswer.Fail(30), profile.Answers!.Answer("mkdir", new ulong[6]));
        Assert.Equal(SourceAnswer.Fail(1), profile.Answers.Answer("openat", [0, 0, 64, 0, 0, 0]));
    }

    [Fact]
    public void SpoJson_ReadFromSpec()
    {
        const string spo = """
            {"apiVersion":"security-profiles-operator.x-k8s.io/v1beta1","kind":"SeccompProfile","metadata":{"name":"p"},
             "spec":{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],
                     "syscalls":[{"action":"SCMP_ACT_ALLOW","names":["read","exit_group"]}]}}
            """;

        Assert.True(SourceProfileReader.TryRead(spo, out SourceProfile? source, out string error), error);
        Assert.Equal(("SCMP_ACT_ERRNO", null), (source!.DefaultAction, source.DefaultErrnoRet));
        Assert.Equal(["SCMP_ARCH_X86_64"], source.Architectures);
        Assert.Equal(SourceAnswer.Fail(1), Convert(source, [SyscallArch.X86_64]).Answers!.Default);
    }

    [Fact]
    public void ConfigJson_ReadFromLinuxSeccomp()
    {
        Assert.True(SourceProfileReader.TryRead(
            """{"ociVersion":"1.0.2","linux":{"seccomp":{"defaultAction":"SCMP_ACT_KILL_PROCESS","syscalls":[]}}}""", out SourceProfile? source, out string error), error);

        NotifyProfile profile = Convert(source!, [SyscallArch.X86_64]);

        Assert.Equal(new SourceAnswer(SourceAction.KillProcess), profile.Answers!.Default);
        Assert.Equal(SyscallTable.Names(SyscallArch.X86_64).Count - 1, profile.Notified.Count); // all but write
    }

    [Theory]
    [InlineData("kind: SeccompProfile\nspec: {}\n", "YAML SeccompProfile must be converted to JSON")]
    [InlineData("""{"kind":"SeccompProfile","spec":{"baseProfileName":"runc-v1.1.5","defaultAction":"SCMP_ACT_ERRNO"}}""", "spec.baseProfileName \"runc-v1.1.5\"")]
    [InlineData("""{"kind":"Pod"}""", "kind \"Pod\" is not SeccompProfile")]
    [InlineData("""{"syscalls":[]}""", "no defaultAction")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"]}]}""", "without an action")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[{"index":6,"value":1,"op":"SCMP_CMP_EQ"}]}]}""", "bad args entry")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"EQ"}]}]}""", "bad args entry")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":"x"}""", "unexpected value")]
    [InlineData("""{"defaultAction":""", "not valid JSON")]
    public void BadSource_SaysWhat(string text, string expected)
    {
        Assert.False(SourceProfileReader.TryRead(text, out SourceProfile? source, out string error));
        Assert.Null(source);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"defaultAction":"SCMP_ACT_NOTIFY"}""", "defaultAction \"SCMP_ACT_NOTIFY\" cannot be converted")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_MAYBE"}]}""", "unknown action \"SCMP_ACT_MAYBE\"")]
    public void Unconvertible_SaysWhat(string text, string expected)
    {
        Assert.True(SourceProfileReader.TryRead(text, out SourceProfile? source, out _));

        Assert.False(NotifyConversion.TryConvert(source!, [SyscallArch.X86_64], crio: false, out NotifyProfile? profile, out string error));
        Assert.Null(profile);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private static NotifyProfile Convert(SourceProfile source, SyscallArch[] archs)
    {
        Assert.True(NotifyConversion.TryConvert(source, archs, crio: false, out NotifyProfile? profile, out string error), error);
        return profile!;
    }

    private static JsonObject Rule(NotifyProfile profile, string action) => profile.Rules.Single(r => (string?)r["action"] == action);

    private static string[] Names(JsonObject rule) => [.. rule["names"]!.AsArray().Select(n => (string)n!)];
}
