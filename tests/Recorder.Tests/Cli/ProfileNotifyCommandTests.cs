using System.Text.Json.Nodes;
using SeccompRecorder.Policy.Answers;
using Xunit;

namespace SeccompRecorder.Tests.Cli;

/// <summary>profile notify: no daemon, the profile on stdout, notes on stderr; bad options exit 2, a bad SOURCE exits 1.</summary>
public sealed class ProfileNotifyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("profile-notify-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RuntimeDefault_ProfileWithPolicyAndRulesInMetadata()
    {
        CommandRun run = await CommandRun.CompletedAsync("profile", "notify", "runtime-default", "--listener", "/tmp/l.sock", "--metadata", "policy=record");

        Assert.Equal(0, run.ExitCode);
        JsonObject profile = JsonNode.Parse(run.Output.Text)!.AsObject();
        Assert.Equal(("SCMP_ACT_ERRNO", 1, "/tmp/l.sock"), ((string?)profile["defaultAction"], (int?)profile["defaultErrnoRet"], (string?)profile["listenerPath"]));
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], profile["architectures"]!.AsArray().Select(a => (string)a!));
        string metadata = (string)profile["listenerMetadata"]!;
        // reasons=: the daemon explains runtime-default's violations (issue 16 point 5).
        Assert.StartsWith("policy=record\nreasons=runtime-default\nrules=v1 *:e1 ", metadata, StringComparison.Ordinal);
        Assert.True(ProfileAnswersText.TryParse(ProfileAnswersText.FindInMetadata(metadata)!, out ProfileAnswers? answers, out string error), error);
        Assert.Equal(SourceAnswer.Fail(38), answers!.Answer("clone3", new ulong[6]));
        JsonObject notify = profile["syscalls"]!.AsArray().Single(r => (string?)r!["action"] == "SCMP_ACT_NOTIFY")!.AsObject();
        Assert.Contains("keyctl", notify["names"]!.AsArray().Select(n => (string)n!));
        Assert.Matches("^note: [0-9]+ syscalls notified\n$", run.Error.Text);
    }

    [Fact]
    public async Task AuditPolicy_AcceptedNowTheDaemonServesIt()
    {
        CommandRun run = await CommandRun.CompletedAsync("profile", "notify", "runtime-default", "--metadata", "policy=audit");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("policy=audit\nreasons=runtime-default\nrules=v1 ", (string)JsonNode.Parse(run.Output.Text)!["listenerMetadata"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuntimeDefault_ArchAndCaps_HostAndCapabilitiesResolved()
    {
        CommandRun run = await CommandRun.CompletedAsync("profile", "notify", "runtime-default", "--arch", "aarch64", "--caps", "cap_sys_admin,CAP_SYS_CHROOT");

        Assert.Equal(0, run.ExitCode);
        JsonObject profile = JsonNode.Parse(run.Output.Text)!.AsObject();
        Assert.Equal(["SCMP_ARCH_AARCH64"], profile["architectures"]!.AsArray().Select(a => (string)a!));
        string[] notified = [.. profile["syscalls"]!.AsArray().Single(r => (string?)r!["action"] == "SCMP_ACT_NOTIFY")!["names"]!.AsArray().Select(n => (string)n!)];
        Assert.DoesNotContain("mount", notified);
        Assert.DoesNotContain("clone3", notified);
        Assert.Contains("reboot", notified);
        Assert.DoesNotContain("arch_prctl", profile.ToJsonString(), StringComparison.Ordinal); // an x86 rule
    }

    [Fact]
    public async Task OciFile_ArchNarrowsAndUnknownArchNoted()
    {
        string file = Path.Combine(_dir, "p.json");
        await File.WriteAllTextAsync(file, """
            {"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86","SCMP_ARCH_S390X"],
             "syscalls":[{"names":["read","exit_group"],"action":"SCMP_ACT_ALLOW"},{"names":["write"],"action":"SCMP_ACT_ERRNO","errnoRet":28}]}
            """);

        CommandRun run = await CommandRun.CompletedAsync("profile", "notify", file, "--arch", "x86", "--metadata", "policy=log;team=a");

        Assert.Equal(0, run.ExitCode);
        JsonObject profile = JsonNode.Parse(run.Output.Text)!.AsObject();
        Assert.Equal(["SCMP_ARCH_X86"], profile["architectures"]!.AsArray().Select(a => (string)a!));
        Assert.StartsWith("policy=log;team=a\nrules=v1 *:e1", (string)profile["listenerMetadata"]!, StringComparison.Ordinal);
        Assert.Contains("note: architecture \"SCMP_ARCH_S390X\" has no syscall table here: left out\n", run.Error.Text, StringComparison.Ordinal);
        Assert.Contains("note: write is not notified", run.Error.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--metadata", "policy=stpo" }, "--metadata: unknown policy \"stpo\"")]
    [InlineData(new[] { "--metadata", "rules=v1 *:e1" }, "rules= is written by profile notify itself")]
    [InlineData(new[] { "--arch", "mips" }, "--arch \"mips\": not one of")]
    [InlineData(new[] { "--caps", "SYS_ADMIN" }, "--caps \"SYS_ADMIN\": not a CAP_* name")]
    [InlineData(new[] { "--arch", "x86_64", "--caps", "CAP_KILL", "--bogus" }, "Unrecognized command or argument '--bogus'")]
    public async Task UsageErrors_Exit2(string[] options, string expected)
    {
        CommandRun run = await CommandRun.CompletedAsync(["profile", "notify", "runtime-default", .. options]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error.Text, StringComparison.Ordinal);
        Assert.Empty(run.Output.Text);
    }

    [Fact]
    public async Task CapsWithAFile_AndArchTheSourceLacks_Exit2()
    {
        string file = Path.Combine(_dir, "p.json");
        await File.WriteAllTextAsync(file, """{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"]}""");

        CommandRun caps = await CommandRun.CompletedAsync("profile", "notify", file, "--caps", "CAP_KILL");
        CommandRun arch = await CommandRun.CompletedAsync("profile", "notify", file, "--arch", "arm");

        Assert.Equal((2, 2), (caps.ExitCode, arch.ExitCode));
        Assert.StartsWith("seccomp-recorder: --caps applies to runtime-default only\n", caps.Error.Text, StringComparison.Ordinal);
        Assert.StartsWith("seccomp-recorder: --arch: the source does not cover arm\n", arch.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadSource_Exit1NamingIt()
    {
        string spo = Path.Combine(_dir, "spo.json");
        await File.WriteAllTextAsync(spo, """{"kind":"SeccompProfile","spec":{"baseProfileName":"runc-v1.1.5"}}""");

        CommandRun missing = await CommandRun.CompletedAsync("profile", "notify", Path.Combine(_dir, "none.json"));
        CommandRun based = await CommandRun.CompletedAsync("profile", "notify", spo);

        Assert.Equal((1, 1), (missing.ExitCode, based.ExitCode));
        Assert.StartsWith($"seccomp-recorder: SOURCE \"{Path.Combine(_dir, "none.json")}\": ", missing.Error.Text, StringComparison.Ordinal);
        Assert.StartsWith($"seccomp-recorder: SOURCE \"{spo}\": spec.baseProfileName \"runc-v1.1.5\" names a profile in the cluster", based.Error.Text, StringComparison.Ordinal);
        Assert.Empty(based.Output.Text);
    }

    [Fact]
    public async Task Crio_OnlyExplicitRules()
    {
        string file = Path.Combine(_dir, "p.json");
        await File.WriteAllTextAsync(file, """{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_KILL"}]}""");

        CommandRun run = await CommandRun.CompletedAsync("profile", "notify", file, "--crio");

        Assert.Equal(0, run.ExitCode);
        JsonObject profile = JsonNode.Parse(run.Output.Text)!.AsObject();
        Assert.Equal("SCMP_ACT_ALLOW", (string?)profile["defaultAction"]);
        Assert.Equal("""[{"names":["mkdir"],"action":"SCMP_ACT_NOTIFY"}]""", profile["syscalls"]!.ToJsonString());
        Assert.Equal("rules=v1 *:a mkdir:k", (string?)profile["listenerMetadata"]);
    }
}
