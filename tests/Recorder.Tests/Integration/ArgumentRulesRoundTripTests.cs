using System.Text.Json.Nodes;
using SeccompRecorder.Demo;
using SeccompRecorder.Profiles;
using SeccompRecorder.Syscalls;
using SeccompRecorder.Tests.Profiles;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// Issue #15 point 2 with real runc: a workload (tests/helpers/argcheck) recorded under the template and exported with
/// --args runs under that profile, with the bits the recording masks off changed too; the same syscalls with values it
/// never used fail with the profile's errno, where without a profile they do not.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class ArgumentRulesRoundTripTests
{
    // ENOANO: none of the calls fails with it on its own (the run without a profile shows it).
    private const int ProfileErrno = 55;

    private static readonly string[] s_conditioned = ["clone", "ioctl", "mmap", "personality", "setsockopt", "socket"];

    private readonly RuncEnvironment _env;

    public ArgumentRulesRoundTripTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task ExportWithArgs_WorkloadPasses_ValuesItNeverUsedFailWithTheProfilesErrno()
    {
        const string id = "it-argrules-rec";
        ProcessResult recorded = await RunAsync(id, "workload", SeccompProfileJson.Template(_env.Daemon.ListenerPath, "policy=record", [SyscallArch.X86_64]));
        Assert.True(recorded.Succeeded, recorded.ToString());
        Assert.Equal("workload ok\n", recorded.StandardOutput);
        await _env.WaitForExitAsync(id);

        string path = Path.Combine(_env.TempDir, "it-argrules.json");
        ProcessResult export = await Cli("profile", "export", id, "--args", "--default-errno", $"{ProfileErrno}", "--api", _env.Daemon.ApiPath, "--file", path);
        Assert.True(export.Succeeded, export.ToString());
        // No warning names them; standard error also lists the executables and their calls (README "Executables").
        string warnings = string.Join('\n', export.StandardError.Split('\n').Where(line => line.StartsWith("warning: ", StringComparison.Ordinal)));
        Assert.All(s_conditioned, name => Assert.DoesNotContain(name, warnings, StringComparison.Ordinal));
        JsonObject profile = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        JsonArray rules = profile["syscalls"]!.AsArray();
        string[] unconditional = [.. rules[0]!["names"]!.AsArray().Select(n => (string)n!)];
        string[] conditioned = [.. rules.Skip(1).Select(r => (string)r!["names"]![0]!).Distinct()];
        Assert.Equal(s_conditioned, conditioned.Intersect(s_conditioned));
        Assert.Empty(unconditional.Intersect(conditioned));
        Assert.All(rules.Skip(1), r => Assert.NotEmpty(r!["args"]!.AsArray()));

        // Without a profile (CAP_NET_RAW in the container): nothing fails with the profile's errno, AF_PACKET works.
        ProcessResult open = await RunAsync("it-argrules-open", "check", seccomp: null);
        ProcessResult enforced = await RunAsync("it-argrules-enforced", "check", profile);

        Assert.True(open.Succeeded, open.ToString());
        Assert.Contains("socket-packet ok\n", open.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("personality-linux32 ok\n", open.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain($"errno {ProfileErrno}", open.StandardOutput, StringComparison.Ordinal);
        Assert.True(enforced.Succeeded, enforced.ToString());
        Assert.Equal(
            $"""
            workload ok
            socket-nonblock ok
            clone-sigusr1 ok
            ioctl-high-bits ok
            socket-packet errno {ProfileErrno}
            socket-alg errno {ProfileErrno}
            socket-inet-dgram ok
            socket-inet-raw errno {ProfileErrno}
            setsockopt-keepalive errno {ProfileErrno}
            personality-linux32 errno {ProfileErrno}
            clone-newuts errno {ProfileErrno}
            mmap-exec errno {ProfileErrno}
            ioctl-fionread errno {ProfileErrno}

            """,
            enforced.StandardOutput);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta1")]
    public async Task ExportWithArgs_Spo_ValidAgainstTheCrd(string apiVersion)
    {
        string id = "it-argrules-spo-" + apiVersion;
        ProcessResult recorded = await RunAsync(id, "workload", SeccompProfileJson.Template(_env.Daemon.ListenerPath, "policy=record", [SyscallArch.X86_64]));
        Assert.True(recorded.Succeeded, recorded.ToString());
        await _env.WaitForExitAsync(id);
        string path = Path.Combine(_env.TempDir, id + ".yaml");

        ProcessResult export = await Cli("profile", "export", id, "--args", "--format", "spo", "--spo-api-version", apiVersion, "--api", _env.Daemon.ApiPath, "--file", path);
        ProcessResult valid = await SpoSchemaTests.ValidateAsync([path]);

        Assert.True(export.Succeeded, export.ToString());
        Assert.Contains("    - index: 1\n      value: 4294440959\n      valueTwo: 1\n      op: SCMP_CMP_MASKED_EQ\n", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.True(valid.Succeeded, valid.ToString());
    }

    [Fact]
    public async Task ExportWithArgs_SeventyIoctls_UnconditionalWithAWarningOnStderrOnly()
    {
        const string id = "it-argrules-overflow";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/argcalls", "ioctls", "70"], SeccompProfileJson.Template(_env.Daemon.ListenerPath, "policy=record", [SyscallArch.X86_64]));
        ProcessResult recorded = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
        Assert.True(recorded.Succeeded, recorded.ToString());
        await _env.WaitForExitAsync(id);

        ProcessResult export = await Cli("profile", "export", id, "--args", "--api", _env.Daemon.ApiPath);

        Assert.True(export.Succeeded, export.ToString());
        Assert.Matches($"(?m)^warning: ioctl allowed without argument conditions: container {id} made [0-9]+ x86_64 calls with request values past the 64 kept$", export.StandardError);
        JsonArray rules = JsonNode.Parse(export.StandardOutput)!["syscalls"]!.AsArray();
        Assert.Contains("ioctl", rules[0]!["names"]!.AsArray().Select(n => (string)n!));
        Assert.DoesNotContain(rules.Skip(1), r => (string)r!["names"]![0]! == "ioctl");
        Assert.DoesNotContain("warning", export.StandardOutput, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<ProcessResult> RunAsync(string id, string mode, JsonObject? seccomp)
    {
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/argcheck", mode], seccomp);
        // AF_PACKET needs CAP_NET_RAW: without it the kernel, not the profile, would refuse it.
        RuncConfig.Edit(bundle, config => RuncConfig.AddCapability(config, "CAP_NET_RAW"));
        return await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
    }

    private static Task<ProcessResult> Cli(params string[] args) =>
        ProcessRunner.RunAsync(RepoPaths.RecorderExecutable, args, TestTimeouts.Default, CancellationToken.None);
}
