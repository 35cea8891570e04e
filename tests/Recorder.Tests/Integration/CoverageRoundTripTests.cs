using System.Text.Json.Nodes;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Profiles;
using SeccompRecorder.Tests.Deploy;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// Issue #15 point 1 with real runc: a recording under a narrow notify profile (a few calls notified, the rest allowed by
/// its defaultAction) knows what it could not see. Its plain export runs the workload; its --seen-only export does not
/// even reach busybox's main. Where the bundle's config.json is not readable, show and export say so.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class CoverageRoundTripTests
{
    private const string Workload = "mkdir -p /tmp/a && echo hi > /tmp/a/f && cat /tmp/a/f && uname -s";

    private static readonly string[] s_notified = ["getcwd", "mkdir", "openat", "uname", "wait4"];

    private readonly RuncEnvironment _env;

    public CoverageRoundTripTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task NarrowRecording_PlainExportRunsTheWorkload_SeenOnlyDoesNot()
    {
        const string id = "it-coverage-narrow";
        ProcessResult recorded = await RunAsync(id, Narrow(), chownConfig: false);
        Assert.True(recorded.Succeeded, recorded.ToString());
        Container container = await _env.WaitForExitAsync(id);

        ArchCoverage x86_64 = Assert.Single(container.Coverage.Archs, a => a.Arch == "x86_64");
        Assert.True(container.Coverage.Known, container.Coverage.UnknownReason);
        Assert.Equal(s_notified, x86_64.Notified);
        Assert.Contains("brk", x86_64.AllowedSilently);
        Assert.Contains("write", x86_64.AllowedSilently);
        Assert.Empty(x86_64.Denied);
        Assert.Contains(container.Syscalls, s => s.Name == "mkdir");

        ProcessResult show = await Cli("show", id, "--api", _env.Daemon.ApiPath);
        Assert.True(show.Succeeded, show.ToString());
        Assert.Contains($"coverage x86_64:", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"{s_notified.Length} notified (", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"{x86_64.AllowedSilently.Count} allowed silently, 0 denied by the filter", show.StandardOutput, StringComparison.Ordinal);

        string plainPath = Path.Combine(_env.TempDir, "it-coverage-plain.json");
        string seenPath = Path.Combine(_env.TempDir, "it-coverage-seen.json");
        ProcessResult plainExport = await Cli("profile", "export", id, "--api", _env.Daemon.ApiPath, "--file", plainPath);
        ProcessResult seenExport = await Cli("profile", "export", id, "--seen-only", "--api", _env.Daemon.ApiPath, "--file", seenPath);
        Assert.True(plainExport.Succeeded, plainExport.ToString());
        Assert.True(seenExport.Succeeded, seenExport.ToString());
        // No warning; standard error lists the executables (README "Executables"), one "executable:" line each.
        Assert.All(plainExport.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("executable: ", line, StringComparison.Ordinal));
        Assert.Contains("syscalls its profile allowed without notifying left out (seen only): ", seenExport.StandardError, StringComparison.Ordinal);

        JsonObject plain = JsonNode.Parse(File.ReadAllText(plainPath))!.AsObject();
        JsonObject seen = JsonNode.Parse(File.ReadAllText(seenPath))!.AsObject();
        ProcessResult enforced = await RunAsync("it-coverage-plain", plain, chownConfig: false);
        ProcessResult narrower = await RunAsync("it-coverage-seen", seen, chownConfig: false);

        Assert.True(enforced.Succeeded, enforced.ToString());
        Assert.Equal(recorded.StandardOutput, enforced.StandardOutput);
        // Only what was notified and made, plus the runtime baseline: busybox (static glibc) dies in its start-up, as
        // issue 15 saw ("Cannot allocate TLS block"), before printing anything.
        Assert.False(narrower.Succeeded, narrower.ToString());
        Assert.DoesNotContain("hi", narrower.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreadableBundle_ShowAndExportSayOnlyNotifiedSyscallsAreKnown()
    {
        const string id = "it-coverage-unread";
        // runc (root) reads a config.json of any owner; the daemon takes only root's or the runtime's.
        ProcessResult recorded = await RunAsync(id, Narrow(), chownConfig: true);
        Assert.True(recorded.Succeeded, recorded.ToString());
        Container container = await _env.WaitForExitAsync(id);

        ProcessResult show = await Cli("show", id, "--api", _env.Daemon.ApiPath);
        ProcessResult export = await Cli("profile", "export", id, "--api", _env.Daemon.ApiPath);

        Assert.False(container.Coverage.Known);
        Assert.Equal("the bundle's config.json is owned by uid 4242, neither root nor the runtime's uid 0", container.Coverage.UnknownReason);
        Assert.Contains("coverage:", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("only notified syscalls are known (the bundle's config.json is owned by uid 4242", show.StandardOutput, StringComparison.Ordinal);
        Assert.True(export.Succeeded, export.ToString());
        Assert.Contains($"warning: container {id}: only its notified syscalls are known", export.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnderTheUnitsCapabilities_BundleRead()
    {
        // deploy/systemd's CapabilityBoundingSet (read from the unit) and NoNewPrivileges: with CAP_SYS_PTRACE the
        // runtime's view /proc/RUNC/root is open to the daemon.
        const string id = "it-coverage-unit-caps";
        await using DaemonProcess daemon = await DaemonProcess.StartWrappedAsync(UnitCapabilities.Setpriv(), Path.Combine(_env.TempDir, "daemon-unit-caps"));
        Container container = await RunUnderAsync(daemon, id);

        Assert.Contains(UnitCapabilities.CapEffLine(), File.ReadAllText($"/proc/{daemon.Pid}/status"), StringComparison.Ordinal);
        Assert.True(container.Coverage.Known, container.Coverage.UnknownReason);
        Assert.Equal(s_notified, container.Coverage.Archs.Single(a => a.Arch == "x86_64").Notified);
    }

    [Fact]
    public async Task UnderTheUnitsCapabilitiesWithoutPtrace_RuntimeViewDenied_BundleReadInTheDaemonsOwnView()
    {
        // The unit without CAP_SYS_PTRACE (deploy/systemd/README.md says how to run it so): /proc/RUNC/root is refused,
        // and a bundle the daemon's own view holds (here /tmp: this test has no PrivateTmp) is still read.
        const string id = "it-coverage-unit-noptrace";
        await using DaemonProcess daemon = await DaemonProcess.StartWrappedAsync(
            UnitCapabilities.Setpriv("CAP_SYS_PTRACE"), Path.Combine(_env.TempDir, "daemon-unit-noptrace"));
        Container container = await RunUnderAsync(daemon, id);

        Assert.Contains(UnitCapabilities.CapEffLine("CAP_SYS_PTRACE"), File.ReadAllText($"/proc/{daemon.Pid}/status"), StringComparison.Ordinal);
        Assert.True(container.Coverage.Known, container.Coverage.UnknownReason);
        Assert.Equal(s_notified, container.Coverage.Archs.Single(a => a.Arch == "x86_64").Notified);
    }

    private async Task<Container> RunUnderAsync(DaemonProcess daemon, string id)
    {
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/bin/sh", "-c", Workload], SeccompProfileJson.Notify(daemon.ListenerPath, "policy=record", ["SCMP_ARCH_X86_64"], s_notified));
        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
        Assert.True(run.Succeeded, run.ToString());
        return await daemon.WaitForContainerExitAsync(id);
    }

    private JsonObject Narrow() => SeccompProfileJson.Notify(_env.Daemon.ListenerPath, "policy=record", ["SCMP_ARCH_X86_64"], s_notified);

    private async Task<ProcessResult> RunAsync(string id, JsonObject seccomp, bool chownConfig)
    {
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/bin/sh", "-c", Workload], seccomp);
        if (chownConfig)
        {
            File.SetUnixFileMode(bundle.ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            ProcessResult chown = await ProcessRunner.RunAsync("/bin/chown", ["4242", bundle.ConfigPath], TestTimeouts.Default, CancellationToken.None);
            Assert.True(chown.Succeeded, chown.ToString());
        }

        return await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
    }

    private static Task<ProcessResult> Cli(params string[] args) =>
        ProcessRunner.RunAsync(RepoPaths.RecorderExecutable, args, TestTimeouts.Default, CancellationToken.None);
}
