using System.Net;
using Microsoft.Extensions.Options;
using SeccompRecorder.Agent;
using SeccompRecorder.Policy;

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

        if (!HostPort.TryParse(options.Metrics, out IPEndPoint? metrics, out string? metricsError))
        {
            failures.Add($"{describe(nameof(options.Metrics))}: {metricsError}");
        }

        if (!ModeNames.TryParse(options.DefaultPolicy, out PolicyMode mode))
        {
            failures.Add($"{describe(nameof(options.DefaultPolicy))}: {SettingText.Quote(options.DefaultPolicy)} is not record, log or stop");
        }

        if (!ErrnoNames.TryParse(options.DefaultErrno, out int errno))
        {
            failures.Add($"{describe(nameof(options.DefaultErrno))}: {SettingText.Quote(options.DefaultErrno)} is not an errno name (EPERM, ENOSYS, ...) or 1-{ErrnoNames.MaxErrno}");
        }

        return failures.Count > before
            ? null
            : new DaemonSettings(options, peers, new PolicyDefaults(mode, errno, options.Grace), metrics!, apiTcp, apiGid);
    }
}
