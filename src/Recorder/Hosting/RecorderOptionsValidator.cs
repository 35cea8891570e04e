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
        if (string.Equals(Path.GetFullPath(options.Listener), Path.GetFullPath(options.Api), StringComparison.Ordinal))
        {
            failures.Add($"{_describe(nameof(options.Listener))} and {_describe(nameof(options.Api))} must be different paths");
        }

        // Kestrel throws on a relative Unix socket path deep inside its start.
        if (!Path.IsPathRooted(options.Api))
        {
            failures.Add($"{_describe(nameof(options.Api))}: {SettingText.Quote(options.Api)} is not an absolute path");
        }

        if (!AllowedPeers.TryParse(options.AllowedUids, out _, out string? uidError))
        {
            failures.Add($"{_describe(nameof(options.AllowedUids))}: {uidError}");
        }

        if (options.ApiGroup is { Length: > 0 } apiGroup && !GroupDatabase.TryResolve(apiGroup, out _, out string? groupError))
        {
            failures.Add($"{_describe(nameof(options.ApiGroup))}: {groupError}");
        }

        if (options.ApiTcp is { Length: > 0 } apiTcp && !HostPort.TryParse(apiTcp, out _, out string? apiError))
        {
            failures.Add($"{_describe(nameof(options.ApiTcp))}: {apiError}");
        }

        if (!HostPort.TryParse(options.Metrics, out _, out string? metricsError))
        {
            failures.Add($"{_describe(nameof(options.Metrics))}: {metricsError}");
        }

        if (!ModeNames.TryParse(options.DefaultPolicy, out _))
        {
            failures.Add($"{_describe(nameof(options.DefaultPolicy))}: {SettingText.Quote(options.DefaultPolicy)} is not record, log or stop");
        }

        if (!ErrnoNames.TryParse(options.DefaultErrno, out _))
        {
            failures.Add($"{_describe(nameof(options.DefaultErrno))}: {SettingText.Quote(options.DefaultErrno)} is not an errno name (EPERM, ENOSYS, ...) or 1-{ErrnoNames.MaxErrno}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
