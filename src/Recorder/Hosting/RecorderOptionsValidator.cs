using Microsoft.Extensions.Options;
using SeccompRecorder.Agent;
using SeccompRecorder.Policy;

namespace SeccompRecorder.Hosting;

/// <summary>Checks what data annotations cannot: endpoint syntax and paths, so a typo fails at start, not at first use.</summary>
internal sealed class RecorderOptionsValidator : IValidateOptions<RecorderOptions>
{
    public ValidateOptionsResult Validate(string? name, RecorderOptions options)
    {
        List<string> failures = [];
        if (string.Equals(Path.GetFullPath(options.Listener), Path.GetFullPath(options.Api), StringComparison.Ordinal))
        {
            failures.Add("--listener and --api must be different paths");
        }

        if (!AllowedPeers.TryParse(options.AllowedUids, out _, out string? uidError))
        {
            failures.Add($"--allowed-uid: {uidError}");
        }

        if (options.ApiGroup is { Length: > 0 } apiGroup && !GroupDatabase.TryResolve(apiGroup, out _, out string? groupError))
        {
            failures.Add($"--api-group: {groupError}");
        }

        if (options.ApiTcp is { Length: > 0 } apiTcp && !HostPort.TryParse(apiTcp, out _, out string? apiError))
        {
            failures.Add($"--api-tcp: {apiError}");
        }

        if (!HostPort.TryParse(options.Metrics, out _, out string? metricsError))
        {
            failures.Add($"--metrics: {metricsError}");
        }

        if (options.ConnectionTimeout <= TimeSpan.Zero || options.ConnectionTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("ConnectionTimeout must be between 0 and 5 minutes");
        }

        if (!ModeNames.TryParse(options.DefaultPolicy, out _))
        {
            failures.Add($"--default-policy: \"{options.DefaultPolicy}\" is not record, log or stop");
        }

        if (!ErrnoNames.TryParse(options.DefaultErrno, out _))
        {
            failures.Add($"--default-errno: \"{options.DefaultErrno}\" is not an errno name (EPERM, ENOSYS, ...) or 1-{ErrnoNames.MaxErrno}");
        }

        if (!DurationText.TryParse(options.Grace, out _))
        {
            failures.Add($"--grace: \"{options.Grace}\" is not a duration (5s, 500ms, 1m)");
        }

        if (!DurationText.TryParse(options.MetricsRetention, out _))
        {
            failures.Add($"--metrics-retention: \"{options.MetricsRetention}\" is not a duration (30s, 5m, 1h)");
        }

        if (!DurationText.TryParse(options.Retention, RecorderOptions.MaxRetention, out TimeSpan retention) || retention <= TimeSpan.Zero)
        {
            failures.Add($"--retention: \"{options.Retention}\" is not a positive duration up to 87600h (168h, 30m)");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
