using SeccompRecorder.Demo;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Native;
using Xunit;

namespace SeccompRecorder.Tests.Deploy;

/// <summary>deploy/systemd/seccomp-recorder.service, checked by systemd's own parser and for the settings the daemon relies on.</summary>
public sealed class SystemdUnitTests
{
    private const string SystemdAnalyze = "/usr/bin/systemd-analyze";
    private static readonly string s_unit = Path.Combine(RepoPaths.Root, "deploy", "systemd", "seccomp-recorder.service");

    [Fact]
    public async Task Unit_SystemdAnalyzeVerify_NoFindings()
    {
        // Not a skip: scripts/install-test-deps.sh installs it (Debian's systemd package; systemd need not be init).
        Assert.True(File.Exists(SystemdAnalyze), $"{SystemdAnalyze} is missing: run scripts/install-test-deps.sh");
        using TempDirectory temp = new();
        // verify checks that ExecStart is executable: point it at the binary these tests run instead of the install path.
        string text = (await File.ReadAllTextAsync(s_unit)).Replace(
            "ExecStart=/usr/local/bin/seccomp-recorder ", $"ExecStart={RepoPaths.RecorderExecutable} ", StringComparison.Ordinal);
        string unit = temp.CreateFile("seccomp-recorder.service", text);

        ProcessResult verify = await ProcessRunner.RunAsync(SystemdAnalyze, ["verify", unit], TestTimeouts.Default, CancellationToken.None);

        // Unknown keys and bad values are warnings on stderr with exit 0: only silence is a pass.
        Assert.True(verify.Succeeded && verify.StandardError.Trim().Length == 0, verify.ToString());
    }

    [Theory]
    [InlineData("Type", "notify")]
    [InlineData("ExecStart", "/usr/local/bin/seccomp-recorder daemon --fd-store")]
    [InlineData("FileDescriptorStoreMax", "16384")]
    [InlineData("WatchdogSec", "30s")]
    [InlineData("Restart", "on-failure")]
    [InlineData("NoNewPrivileges", "yes")]
    [InlineData("CapabilityBoundingSet", "CAP_KILL CAP_CHOWN CAP_SYS_PTRACE")]
    [InlineData("AmbientCapabilities", "")]
    [InlineData("ProtectSystem", "strict")]
    [InlineData("ProtectHome", "yes")]
    [InlineData("PrivateTmp", "yes")]
    [InlineData("RuntimeDirectory", "seccomp-recorder")]
    [InlineData("RuntimeDirectoryMode", "0755")]
    [InlineData("RuntimeDirectoryPreserve", "yes")]
    [InlineData("StateDirectory", "seccomp-recorder")]
    [InlineData("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6")]
    [InlineData("LimitNOFILE", "65536")]
    [InlineData("TasksMax", "8192")]
    [InlineData("MemoryDenyWriteExecute", "yes")]
    public void Unit_Setting_HasTheDocumentedValue(string key, string value)
    {
        string[] assignments = [.. File.ReadLines(s_unit).Where(line => line.StartsWith(key + "=", StringComparison.Ordinal))];

        Assert.Equal([$"{key}={value}"], assignments);
    }

    [Fact]
    public void Unit_NoSystemCallFilter_TheDaemonFiltersNothingOfItsOwn()
    {
        // A forgotten syscall in a filter would take the daemon, and every container's notified calls, down with it.
        Assert.DoesNotContain(File.ReadLines(s_unit), line => line.StartsWith("SystemCallFilter=", StringComparison.Ordinal));
    }
}
