using System.Diagnostics;
using System.Text.Json.Nodes;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// Issue #16 points 2-5 with real runc: the daemon answers the notifying form of a profile as the profile itself would
/// (its errnos, argument conditions, kills), audit lets what it would deny run and counts it, expected denials
/// (clone3) are no violation, and runtime-default's violations say why it denies them.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class SourceAnswersTests
{
    private const string KeyringReason = "kernel keyring, not namespaced";

    // A user's own profile: everything allowed but mkdir (ENOSPC), rmdir (EACCES), chmod (runc's EPERM) and uname (kill).
    private static readonly JsonObject s_userProfile = JsonNode.Parse("""
        {"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86","SCMP_ARCH_X32"],
         "syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO","errnoRet":28},
                     {"names":["rmdir"],"action":"SCMP_ACT_ERRNO","errnoRet":13},
                     {"names":["chmod"],"action":"SCMP_ACT_ERRNO"},
                     {"names":["uname"],"action":"SCMP_ACT_KILL_PROCESS"}]}
        """)!.AsObject();

    private readonly RuncEnvironment _env;

    public SourceAnswersTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task RuntimeDefault_Audit_DeniedCallsRunAndAreCountedWithTheirReasons()
    {
        const string id = "it-answers-audit";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/denials", "runtime-default"], await NotifyingAsync("runtime-default", "policy=audit"));
        using RecorderClient client = _env.Daemon.Client();
        using CancellationTokenSource watchCancel = new(TestTimeouts.Default);
        Task<List<Event>> events = WatchedEvents.CollectUntilExitAsync(client, id, watchCancel.Token);

        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);

        Assert.True(run.Succeeded, run.ToString());
        // What runtime-default denies ran: the keyring was read, the personality changed.
        Assert.Matches(@"(?m)^keyctl ret=[0-9]+ errno=0$", run.StandardOutput);
        Assert.Contains("personality(PER_BSD) ret=0 errno=0\npersonality(0xffffffff) ret=6 errno=0\n", run.StandardOutput, StringComparison.Ordinal);
        Container container = await _env.WaitForExitAsync(id);
        Assert.Equal(PolicyMode.Audit, container.Policy.Mode);
        Assert.Equal(3UL, container.Violations); // personality(0xffffffff) is allowed by the profile's argument rule
        Assert.Equal((1UL, 0UL, 1UL, KeyringReason), Counts(container, "keyctl"));
        Assert.Equal((1UL, 0UL, 1UL, "namespaces: needs CAP_SYS_ADMIN (a new user namespace alone is allowed)"), Counts(container, "unshare"));
        Assert.Equal(2UL, Counts(container, "personality").Count);
        Assert.Equal((0UL, 1UL), (Counts(container, "personality").Denied, Counts(container, "personality").Violations));

        List<Event> watched = await events;
        Event keyctl = Assert.Single(watched, e => e.Kind == Event.Types.Kind.Violation && e.Syscall.Name == "keyctl");
        Assert.Equal(KeyringReason, keyctl.Syscall.Reason);
        ProcessResult show = await Cli("show", id, "--api", _env.Daemon.ApiPath);
        Assert.True(show.Succeeded, show.ToString());
        Assert.Matches(@"(?m)^keyctl\s+x86_64\s+kernel keyring, not namespaced$", show.StandardOutput);
        Assert.Matches(@"(?m)^policy:\s+audit \(from metadata\), errnos of the source profile$", show.StandardOutput);
        Assert.True(container.Policy.SourceAnswers);
        ExportProfileResponse export = await client.ExportProfileAsync(new ExportProfileRequest { ContainerIds = { id } });
        Assert.Contains(export.Warnings, w => w.StartsWith("keyctl: 1 violations of the source profile (allowed here, since it ran), which denies it: " + KeyringReason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RuntimeDefault_Log_TheSourcesErrnoAndItsArgumentRule()
    {
        const string id = "it-answers-log";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/denials", "runtime-default"], await NotifyingAsync("runtime-default", "policy=log"));

        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);

        Assert.True(run.Succeeded, run.ToString());
        // runtime-default's EPERM (defaultErrnoRet 1), not the policy's ENOSYS; 0xffffffff only queries: allowed.
        Assert.Equal(
            "keyctl ret=-1 errno=1\nunshare ret=-1 errno=1\npersonality(PER_BSD) ret=-1 errno=1\npersonality(0xffffffff) ret=0 errno=0\n",
            run.StandardOutput);
        Container container = await _env.WaitForExitAsync(id);
        Assert.Equal(3UL, container.Violations);
        Assert.Equal((2UL, 1UL, 1UL), (Counts(container, "personality").Count, Counts(container, "personality").Denied, Counts(container, "personality").Violations));
    }

    [Fact]
    public async Task RuntimeDefault_Stop_KilledGraceAfterTheLastViolationWithCriosMessage()
    {
        const string id = "it-answers-stop";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/bin/sh", "-c", "/denials runtime-default; exec /bin/sleep 60"], await NotifyingAsync("runtime-default", "policy=stop;grace=1s"));
        Stopwatch elapsed = Stopwatch.StartNew();

        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);

        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(20), $"the container ran {elapsed.Elapsed}: it was not stopped");
        Assert.Equal(137, run.ExitCode);
        Container container = await _env.WaitForExitAsync(id);
        Assert.Equal(
            ("seccomp killed", "Used forbidden syscalls: keyctl (1x), personality (1x), unshare (1x)"),
            (container.TerminationReason, container.TerminationMessage));
    }

    [Fact]
    public async Task RuntimeDefault_StopClone3FallsBackToClone_NoViolationNoStop()
    {
        const string id = "it-answers-clone3";
        RuncBundle bundle = await _env.NewBundleAsync(id);
        // Longer than the grace: a violation would have killed it.
        bundle.Configure(["/bin/sh", "-c", "/denials clone3 && exec /bin/sleep 3"], await NotifyingAsync("runtime-default", "policy=stop;grace=1s"));

        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);

        Assert.True(run.Succeeded, run.ToString());
        Assert.StartsWith("clone3 ret=-1 errno=38\nclone ret=", run.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith("child exited 0\n", run.StandardOutput, StringComparison.Ordinal);
        Container container = await _env.WaitForExitAsync(id);
        Assert.Equal((0UL, string.Empty), (container.Violations, container.TerminationReason));
        Assert.Equal((1UL, 1UL, 0UL, string.Empty), Counts(container, "clone3"));
        // clone is notified whole (its argument rule) and answered by it: no namespace flag, allowed.
        Assert.Equal(0UL, Counts(container, "clone").Denied);
    }

    [Fact]
    public async Task UserProfile_Log_SameOutputAndExitCodeAsUnderTheSourceItself()
    {
        (ProcessResult source, ProcessResult answered) = await UnderSourceThenNotifyingLogAsync("it-answers-user", "files");

        Assert.Equal("mkdir ret=-1 errno=28\nrmdir ret=-1 errno=13\nchmod ret=-1 errno=1\ngetppid ret=0 errno=0\n", source.StandardOutput);
        Assert.Equal((source.ExitCode, source.StandardOutput), (answered.ExitCode, answered.StandardOutput));
        Assert.Equal(3, answered.ExitCode);
        Container container = await _env.WaitForExitAsync("it-answers-user-log");
        Assert.Equal(3UL, container.Violations);
    }

    [Fact]
    public async Task UserProfile_LogKillRule_SigkillThroughAPidfdNotTheKernelsSigsys()
    {
        (ProcessResult source, ProcessResult answered) = await UnderSourceThenNotifyingLogAsync("it-answers-kill", "uname");

        // Both end at uname; the kernel's kill is SIGSYS (128 + 31), the daemon's SIGKILL (128 + 9): README says so.
        Assert.Equal((159, string.Empty), (source.ExitCode, source.StandardOutput));
        Assert.Equal((137, string.Empty), (answered.ExitCode, answered.StandardOutput));
        Container container = await _env.WaitForExitAsync("it-answers-kill-log");
        Assert.Equal((1UL, 1UL, 1UL, string.Empty), Counts(container, "uname"));
    }

    private static (ulong Count, ulong Denied, ulong Violations, string Reason) Counts(Container container, string name)
    {
        Syscall syscall = Assert.Single(container.Syscalls, s => s.Name == name && s.Arch == "x86_64");
        return (syscall.Count, syscall.Denied, syscall.Violations, syscall.Reason);
    }

    /// <summary>`/denials MODE` under the user's profile itself (ID-source), then under its notifying form with log (ID-log).</summary>
    private async Task<(ProcessResult Source, ProcessResult Answered)> UnderSourceThenNotifyingLogAsync(string id, string mode)
    {
        string file = Path.Combine(_env.TempDir, id + ".json");
        await File.WriteAllTextAsync(file, s_userProfile.ToJsonString());
        JsonObject notifying = await NotifyingAsync(file, "policy=log");
        return (await RunAsync(id + "-source", ["/denials", mode], s_userProfile), await RunAsync(id + "-log", ["/denials", mode], notifying));
    }

    private async Task<ProcessResult> RunAsync(string id, string[] args, JsonObject seccomp)
    {
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(args, seccomp);
        return await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
    }

    private async Task<JsonObject> NotifyingAsync(string source, string metadata)
    {
        ProcessResult notify = await Cli("profile", "notify", source, "--listener", _env.Daemon.ListenerPath, "--metadata", metadata);
        Assert.True(notify.Succeeded, notify.ToString());
        return JsonNode.Parse(notify.StandardOutput)!.AsObject();
    }

    private static Task<ProcessResult> Cli(params string[] args) =>
        ProcessRunner.RunAsync(RepoPaths.RecorderExecutable, args, TestTimeouts.Default, CancellationToken.None);
}
