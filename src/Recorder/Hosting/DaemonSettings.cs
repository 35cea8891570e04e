using System.Net;
using SeccompRecorder.Agent;
using SeccompRecorder.Notify;
using SeccompRecorder.Policy;
using SeccompRecorder.Policy.Answers;

namespace SeccompRecorder.Hosting;

/// <summary>
/// The daemon's settings as the wiring takes them: <see cref="Options"/> for what is plain (paths, durations,
/// switches), and what had to be parsed or looked up parsed once, by <see cref="RecorderOptionsValidator.TryParse"/>,
/// which is also what checks them. Nothing downstream parses a setting again.
/// </summary>
internal sealed record DaemonSettings(
    RecorderOptions Options,
    AllowedPeers AllowedPeers,
    PolicyDefaults PolicyDefaults,
    ExpectedDenials ExpectedDenials,
    NotifySettings Notify,
    IPEndPoint MetricsEndpoint,
    IPEndPoint? ApiTcpEndpoint,
    ApiTlsFiles? ApiTls,
    uint? ApiGid)
{
    /// <summary>Settings made in code (the demo): checked as a settings file would be; invalid ones throw.</summary>
    public static DaemonSettings From(RecorderOptions options)
    {
        List<string> failures = [];
        return RecorderOptionsValidator.TryParse(options, SettingNames.Flag, failures) is { } settings
            ? settings
            : throw new ArgumentException(string.Join("; ", failures), nameof(options));
    }
}
