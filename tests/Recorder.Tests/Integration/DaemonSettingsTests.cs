using System.Net;
using System.Net.Sockets;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// The real daemon binary with settings from each source (settings file, environment, flags): every duration form is
/// taken, and every bad value exits 2 with one line naming the setting, before any log line or stack trace.
/// </summary>
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class DaemonSettingsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("seccomp-recorder-settings-").FullName;

    public static TheoryData<string, string, string> DurationForms => new()
    {
        // source, setting, value: the Go form the README documents and the TimeSpan form it took before.
        { "file", "ConnectionTimeout", "60s" },
        { "file", "ConnectionTimeout", "00:01:00" },
        { "file", "Grace", "1m30s" },
        { "file", "Retention", "00:30:00" },
        { "file", "FirstByteTimeout", "1500ms" },
        { "file", "FirstByteTimeout", "off" },
        { "environment", "SECCOMP_RECORDER_CONNECTION_TIMEOUT", "00:00:10" },
        { "environment", "SECCOMP_RECORDER_GRACE", "00:00:05" },
        { "environment", "SECCOMP_RECORDER_FIRST_BYTE_TIMEOUT", "2m" },
        { "environment", "SECCOMP_RECORDER_MAX_WAITING_CONNECTIONS", "16" },
        { "flag", "--connection-timeout", "1m" },
        { "flag", "--metrics-retention", "00:05:00" },
        { "flag", "--retention", "1h30m" },
        { "flag", "--first-byte-timeout", "0" },
        { "flag", "--max-waiting-connections", "4096" },
    };

    public static TheoryData<string, string, string, string> BadSettings => new()
    {
        // source, setting, value, what the one line must say.
        { "file", "ConnectionTimeout", "60x", "ConnectionTimeout in " },
        { "file", "ConnectionTimeout", "10m", "ConnectionTimeout in " },
        { "file", "MaxMessageBytes", "abc", "MaxMessageBytes in " },
        { "file", "MaxMessageBytes", "100", "MaxMessageBytes in " },
        { "file", "Grace", "5 parsecs", "Grace in " },
        { "file", "FdStore", "maybe", "FdStore in " },
        { "file", "FirstByteTimeout", "-5s", "FirstByteTimeout in " },
        { "environment", "SECCOMP_RECORDER_RETENTION", "forever", "SECCOMP_RECORDER_RETENTION: \"forever\"" },
        { "environment", "SECCOMP_RECORDER_MAX_WAITING_CONNECTIONS", "many", "SECCOMP_RECORDER_MAX_WAITING_CONNECTIONS: \"many\"" },
        { "environment", "SECCOMP_RECORDER_CRIO_COMPATIBLE_METRICS", "yes please", "SECCOMP_RECORDER_CRIO_COMPATIBLE_METRICS" },
        { "flag", "--default-policy", "bogus", "--default-policy: \"bogus\"" },
        { "flag", "--log-level", "bogus", "--log-level: \"bogus\"" },
        { "flag", "--first-byte-timeout", "25h", "--first-byte-timeout: \"25h\"" },
        { "flag", "--max-waiting-connections", "0", "--max-waiting-connections: \"0\"" },
        { "flag", "--metrics-retention", "5", "--metrics-retention: \"5\"" },
        { "flag", "--expected-denials", "Clone3", "--expected-denials: \"Clone3\" is not a syscall name" },
        { "flag", "--no-such-flag", "1", "--no-such-flag" },
    };

    [Theory]
    [InlineData("flag", "--expected-denials", "none", new string[0])]
    [InlineData("environment", "SECCOMP_RECORDER_EXPECTED_DENIALS", "openat2,clone3", new[] { "clone3", "openat2" })]
    [InlineData("file", "ExpectedDenials", "statx", new[] { "statx" })]
    public async Task Start_ExpectedDenials_ReplaceTheBuiltInListAsStatusShows(string source, string setting, string value, string[] expected)
    {
        await using DaemonProcess daemon = Launch(source, setting, value);
        await daemon.WaitUntilServingAsync();
        using SeccompRecorder.Grpc.Client.RecorderClient client = daemon.Client();

        SeccompRecorder.Api.V1.Status status = await client.GetStatusAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal(expected, status.ExpectedDenials);
    }

    [Theory]
    [MemberData(nameof(DurationForms))]
    public async Task Start_SettingInEachAcceptedForm_Serves(string source, string setting, string value)
    {
        await using DaemonProcess daemon = Launch(source, setting, value);

        await daemon.WaitUntilServingAsync();
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Start_BadSetting_ExitsTwoWithOneLineNamingIt(string source, string setting, string value, string expected)
    {
        await using DaemonProcess daemon = Launch(source, setting, value);

        int exitCode = await daemon.WaitForExitAsync();

        AssertOneLine(daemon, expected);
        Assert.Equal(2, exitCode);
    }

    [Theory]
    [InlineData("Listener = /tmp/x\n")]
    [InlineData("{\"Grace\": \"5s\",")]
    [InlineData("[1, 2]")]
    public async Task Start_SettingsFileNotJsonObject_ExitsTwoWithOneLine(string text)
    {
        string directory = NewDirectory();
        string settings = Path.Combine(directory, "settings.json");
        await File.WriteAllTextAsync(settings, text);

        await using DaemonProcess daemon = DaemonProcess.Launch(directory, "--config", settings);
        int exitCode = await daemon.WaitForExitAsync();

        AssertOneLine(daemon, settings);
        Assert.Equal(2, exitCode);
    }

    [Fact]
    public async Task Start_ListenerAndApiSamePath_ExitsTwoWithOneLine()
    {
        string directory = NewDirectory();
        string socket = Path.Combine(directory, "same.sock");

        await using DaemonProcess daemon = DaemonProcess.LaunchWith(
            directory, ["--listener", socket, "--api", socket, "--state-dir", Path.Combine(directory, "state")], new Dictionary<string, string>());
        int exitCode = await daemon.WaitForExitAsync();

        AssertOneLine(daemon, "--listener and --api must be different paths");
        Assert.Equal(2, exitCode);
    }

    [Fact]
    public async Task Start_MetricsPortInUse_ExitsOneWithoutTheHostsExceptionDump()
    {
        using TcpListener taken = new(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        await using DaemonProcess daemon = DaemonProcess.Launch(NewDirectory(), "--metrics", $"127.0.0.1:{port}");
        int exitCode = await daemon.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains($"seccomp-recorder: Failed to bind to address http://127.0.0.1:{port}", daemon.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", daemon.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", daemon.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A daemon that did not exit keeps its state files busy: left for inspection.
        }
    }

    private static void AssertOneLine(DaemonProcess daemon, string expected)
    {
        string[] lines = daemon.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"one line expected, got {lines.Length}:\n{daemon.Output}");
        Assert.StartsWith("seccomp-recorder: invalid settings: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
    }

    /// <summary>The daemon on temp paths with one setting from <paramref name="source"/>: file, environment or flag.</summary>
    private DaemonProcess Launch(string source, string setting, string value)
    {
        string directory = NewDirectory();
        List<string> args =
        [
            "--listener", Path.Combine(directory, "listener.sock"), "--api", Path.Combine(directory, "api.sock"),
            "--state-dir", Path.Combine(directory, "state"),
        ];
        Dictionary<string, string> environment = [];
        switch (source)
        {
            case "file":
                string settings = Path.Combine(directory, "settings.json");
                File.WriteAllText(settings, $$"""{ "{{setting}}": "{{value}}" }""");
                args.AddRange(["--config", settings]);
                break;
            case "environment":
                environment[setting] = value;
                break;
            default:
                args.AddRange([setting, value]);
                break;
        }

        return DaemonProcess.LaunchWith(directory, args, environment);
    }

    private string NewDirectory() => Directory.CreateDirectory(Path.Combine(_root, Guid.NewGuid().ToString("N")[..8])).FullName;
}
