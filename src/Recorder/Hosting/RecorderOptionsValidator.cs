using System.Net;
using Microsoft.Extensions.Options;
using SeccompRecorder.Agent;
using SeccompRecorder.Notify;
using SeccompRecorder.Policy;
using SeccompRecorder.Policy.Answers;

namespace SeccompRecorder.Hosting;

/// <summary>
/// Checks what reading each value cannot: endpoint syntax, paths, names to look up and combinations, so a typo fails at
/// start, not at first use. Typed values (numbers, durations, switches) were checked as they were read.
/// </summary>
internal sealed class RecorderOptionsValidator : IValidateOptions<RecorderOptions>
{
    private readonly Func<string, string> _describe;

    /// <param name="describe">A key's name in messages; by default its flag.</param>
    public RecorderOptionsValidator(Func<string, string>? describe = null) => _describe = describe ?? SettingNames.Flag;

    public ValidateOptionsResult Validate(string? name, RecorderOptions options)
    {
        List<string> failures = [];
        return TryParse(options, _describe, failures) is not null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Checks <paramref name="options"/> and returns what it parsed on the way; null with <paramref name="failures"/> filled.</summary>
    /// <param name="describe">A key's name in messages.</param>
    public static DaemonSettings? TryParse(RecorderOptions options, Func<string, string> describe, List<string> failures)
    {
        int before = failures.Count;
        if (string.Equals(Path.GetFullPath(options.Listener), Path.GetFullPath(options.Api), StringComparison.Ordinal))
        {
            failures.Add($"{describe(nameof(options.Listener))} and {describe(nameof(options.Api))} must be different paths");
        }

        // Kestrel throws on a relative Unix socket path deep inside its start.
        if (!Path.IsPathRooted(options.Api))
        {
            failures.Add($"{describe(nameof(options.Api))}: {SettingText.Quote(options.Api)} is not an absolute path");
        }

        if (!AllowedPeers.TryParse(options.AllowedUids, out AllowedPeers peers, out string? uidError))
        {
            failures.Add($"{describe(nameof(options.AllowedUids))}: {uidError}");
        }

        uint? apiGid = null;
        if (options.ApiGroup is { Length: > 0 } apiGroup)
        {
            if (GroupDatabase.TryResolve(apiGroup, out uint gid, out string? groupError))
            {
                apiGid = gid;
            }
            else
            {
                failures.Add($"{describe(nameof(options.ApiGroup))}: {groupError}");
            }
        }

        IPEndPoint? apiTcp = null;
        if (options.ApiTcp is { Length: > 0 } apiTcpText && !HostPort.TryParse(apiTcpText, out apiTcp, out string? apiError))
        {
            failures.Add($"{describe(nameof(options.ApiTcp))}: {apiError}");
        }

        ApiTlsFiles? apiTls = CheckApiTls(options, apiTcp is not null, describe, failures);

        if (!HostPort.TryParse(options.Metrics, out IPEndPoint? metrics, out string? metricsError))
        {
            failures.Add($"{describe(nameof(options.Metrics))}: {metricsError}");
        }

        if (!ModeNames.TryParse(options.DefaultPolicy, out PolicyMode mode))
        {
            failures.Add($"{describe(nameof(options.DefaultPolicy))}: {SettingText.Quote(options.DefaultPolicy)} is not {ModeNames.All}");
        }

        if (!ErrnoNames.TryParse(options.DefaultErrno, out int errno))
        {
            failures.Add($"{describe(nameof(options.DefaultErrno))}: {SettingText.Quote(options.DefaultErrno)} is not an errno name (EPERM, ENOSYS, ...) or 1-{ErrnoNames.MaxErrno}");
        }

        ExpectedDenials? expected = ExpectedDenials.BuiltIn;
        if (options.ExpectedDenials is { } expectedText && !ExpectedDenials.TryParse(expectedText, out expected, out string expectedError))
        {
            failures.Add($"{describe(nameof(options.ExpectedDenials))}: {expectedError}");
        }

        if (!NotifyWaitNames.TryParse(options.NotifyWait, out NotifyWait notifyWait))
        {
            failures.Add($"{describe(nameof(options.NotifyWait))}: {SettingText.Quote(options.NotifyWait)} is not auto, recv or poll");
        }
        else if (notifyWait == NotifyWait.Receive && !NotifyWakeUp.KernelSupportsBlockingReceive(Environment.OSVersion.Version))
        {
            // Before 6.11 a blocked RECV does not return when the container exits: its fd would never be retired.
            failures.Add($"{describe(nameof(options.NotifyWait))}: recv needs Linux {NotifyWakeUp.BlockingReceiveKernel}+ (this is {Environment.OSVersion.Version}); use poll or auto");
        }

        return failures.Count > before
            ? null
            : new DaemonSettings(
                options, peers, new PolicyDefaults(mode, errno, options.Grace), expected!, new NotifySettings(notifyWait), metrics!, apiTcp, apiTls, apiGid);
    }

    /// <summary>
    /// TCP is mutual TLS, all three files given and loadable now, or plaintext by the one switch that says so; the files
    /// without TCP, or with the switch, are a mistake to report rather than ignore.
    /// </summary>
    private static ApiTlsFiles? CheckApiTls(RecorderOptions options, bool tcp, Func<string, string> describe, List<string> failures)
    {
        string[] keys = [nameof(options.ApiTlsCert), nameof(options.ApiTlsKey), nameof(options.ApiTlsClientCa)];
        string?[] values = [options.ApiTlsCert, options.ApiTlsKey, options.ApiTlsClientCa];
        // Named by flag: the settings not given have no source for describe to name.
        string tlsFlags = $"{SettingNames.Flag(keys[0])}, {SettingNames.Flag(keys[1])} and {SettingNames.Flag(keys[2])}";
        bool anyTls = values.Any(v => v is { Length: > 0 });
        if (!tcp)
        {
            if (anyTls || options.ApiTcpInsecure)
            {
                failures.Add($"{(anyTls ? tlsFlags : describe(nameof(options.ApiTcpInsecure)))} without {describe(nameof(options.ApiTcp))}: they are for the TCP API only");
            }

            return null;
        }

        if (options.ApiTcpInsecure)
        {
            if (anyTls)
            {
                failures.Add($"{describe(nameof(options.ApiTcpInsecure))} and {tlsFlags}: choose plaintext or mutual TLS");
            }

            return null;
        }

        if (values.Any(v => v is not { Length: > 0 }))
        {
            failures.Add(
                $"{describe(nameof(options.ApiTcp))} needs mutual TLS ({tlsFlags}: a client certificate signed by that CA is required) "
                + $"or, for plaintext with no authentication, {SettingNames.Flag(nameof(options.ApiTcpInsecure))}");
            return null;
        }

        var files = new ApiTlsFiles(Path.GetFullPath(options.ApiTlsCert!), Path.GetFullPath(options.ApiTlsKey!), Path.GetFullPath(options.ApiTlsClientCa!));
        if (!ApiCertificates.TryLoad(files, out _, out string? error))
        {
            failures.Add($"{tlsFlags}: {error}");
            return null;
        }

        return files;
    }
}
