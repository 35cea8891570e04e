using System.Text.Json.Nodes;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Profiles;
using SeccompRecorder.Syscalls;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// Issue #4's promise with real runc: record a workload under the template, export its profile with the CLI,
/// and the same workload runs under that profile alone, while a syscall it never made is denied.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class ProfileRoundTripTests
{
    // The static helper runs too, so that its own start-up is part of the recording.
    private const string Workload = "mkdir -p /tmp/a && echo hi > /tmp/a/f && cat /tmp/a/f && ls / && /sysloop getppid 1";

    private readonly RuncEnvironment _env;

    public ProfileRoundTripTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task Template_Alone_WorkloadRunsAndIsRecorded()
    {
        const string id = "it-template";

        (ProcessResult run, Container container) = await RecordAsync(id);

        Assert.True(run.Succeeded, run.ToString());
        Assert.StartsWith("hi\n", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(container.Syscalls, s => s.Name == "mkdir");
        Assert.Contains(container.Syscalls, s => s.Name == "getppid");
        Assert.DoesNotContain(container.Syscalls, s => s.Name == "write");
    }

    [Fact]
    public async Task ExportedProfile_SameWorkload_SucceedsWithTheSameOutputAndNothingElseIsAllowed()
    {
        const string id = "it-profile-rec";
        (ProcessResult recorded, _) = await RecordAsync(id);
        Assert.True(recorded.Succeeded, recorded.ToString());
        string profilePath = Path.Combine(_env.TempDir, "it-profile.json");

        ProcessResult export = await Cli("profile", "export", id, "--api", _env.Daemon.ApiPath, "--file", profilePath);

        Assert.True(export.Succeeded, export.ToString());
        JsonObject profile = JsonNode.Parse(File.ReadAllText(profilePath))!.AsObject();
        Assert.Equal("SCMP_ACT_ERRNO", (string?)profile["defaultAction"]);
        Assert.Null(profile["listenerPath"]);

        ProcessResult enforced = await RunAsync("it-profile-same", Workload, profile);
        Assert.True(enforced.Succeeded, enforced.ToString());
        Assert.Equal(recorded.StandardOutput, enforced.StandardOutput);

        ProcessResult more = await RunAsync("it-profile-more", Workload + " && /sysloop chroot 1", profile);
        Assert.True(more.Succeeded, more.ToString());
        Assert.Contains("sysloop syscall=chroot count=1 ok=0 errors=1 last_errno=1", more.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfileExport_Spo_PrintsTheSeccompProfileAndUnknownIdFails()
    {
        const string id = "it-profile-spo";
        (ProcessResult recorded, _) = await RecordAsync(id);
        Assert.True(recorded.Succeeded, recorded.ToString());

        ProcessResult spo = await Cli("profile", "export", id, "--format", "spo", "--name", "busybox-shell", "--api", _env.Daemon.ApiPath);
        ProcessResult missing = await Cli("profile", "export", id, "no-such-container", "--api", _env.Daemon.ApiPath);

        Assert.True(spo.Succeeded, spo.ToString());
        Assert.Contains("kind: SeccompProfile\nmetadata:\n  name: \"busybox-shell\"\n", spo.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("    - \"mkdir\"\n", spo.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("container \"no-such-container\" not found", missing.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuntimeBaseline_Alone_RuncReachesExecve()
    {
        EnforcingProfile baseline = ProfileBuilder.Build([], 1);

        ProcessResult run = await RunAsync("it-baseline", ["/bin/true"], Oci(baseline));

        // runc's init got through to execve: busybox's own start-up (static glibc) is what fails, brk/mmap denied,
        // and dies of SIGSEGV (128 + 11) where runc itself would have exited 1.
        Assert.Equal(139, run.ExitCode);
    }

    [Fact]
    public async Task OnlyWrite_RuncInitFailsBeforeExecve()
    {
        var onlyWrite = new EnforcingProfile([], 1, ["SCMP_ARCH_X86_64"], ["write"], []);

        ProcessResult run = await RunAsync("it-only-write", ["/bin/true"], Oci(onlyWrite));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("runc run failed", run.StandardError, StringComparison.Ordinal);
    }

    private static JsonObject Oci(EnforcingProfile profile) => JsonNode.Parse(OciProfileText.Render(profile))!.AsObject();

    private async Task<(ProcessResult Run, Container Container)> RecordAsync(string id)
    {
        ProcessResult run = await RunAsync(id, Workload, SeccompProfileJson.Template(_env.Daemon.ListenerPath, "policy=record", [SyscallArch.X86_64]));
        Container container = await _env.WaitForExitAsync(id);
        return (run, container);
    }

    private Task<ProcessResult> RunAsync(string id, string script, JsonObject seccomp) => RunAsync(id, ["/bin/sh", "-c", script], seccomp);

    private async Task<ProcessResult> RunAsync(string id, IReadOnlyList<string> args, JsonObject seccomp)
    {
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(args, seccomp);
        return await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
    }

    private static Task<ProcessResult> Cli(params string[] args) =>
        ProcessRunner.RunAsync(RepoPaths.RecorderExecutable, args, TestTimeouts.Default, CancellationToken.None);
}
