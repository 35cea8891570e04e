using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace SeccompRecorder.Hosting;

/// <summary>
/// Reads the daemon's settings once, typed, and checks them before anything starts: a bad value is one line naming
/// the setting where it was given, never the configuration binder's exception (it took no "5s" for a TimeSpan).
/// </summary>
internal static class RecorderOptionsReader
{
    private const string DurationForms = "5s, 1m30s, 1500ms or 00:00:05";

    // Longer than a day is what "off" is for; it also keeps the value within what a timer takes (49 days).
    private static readonly TimeSpan s_maxFirstByteTimeout = TimeSpan.FromDays(1);
    private static readonly TimeSpan s_maxConnectionTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_maxWindow = TimeSpan.FromDays(1);

    /// <param name="configuration">Every source merged, later ones winning.</param>
    /// <param name="describe">A key's name in messages: where its value came from ("--grace", "Grace in FILE").</param>
    public static bool TryRead(
        IConfiguration configuration,
        Func<string, string> describe,
        [NotNullWhen(true)] out DaemonSettings? settings,
        [NotNullWhen(false)] out string? error)
    {
        Reader read = new(configuration, describe);
        RecorderOptions o = new();
        o.Listener = read.Path(nameof(o.Listener), o.Listener);
        o.Api = read.Path(nameof(o.Api), o.Api);
        o.StateDir = read.Path(nameof(o.StateDir), o.StateDir);
        o.ApiGroup = read.Text(nameof(o.ApiGroup));
        o.AllowedUids = read.Text(nameof(o.AllowedUids));
        o.ApiTcp = read.Text(nameof(o.ApiTcp));
        o.ApiTcpInsecure = read.Boolean(nameof(o.ApiTcpInsecure));
        o.ApiTlsCert = read.Text(nameof(o.ApiTlsCert));
        o.ApiTlsKey = read.Text(nameof(o.ApiTlsKey));
        o.ApiTlsClientCa = read.Text(nameof(o.ApiTlsClientCa));
        o.Metrics = read.Text(nameof(o.Metrics)) ?? o.Metrics;
        o.DefaultPolicy = read.Text(nameof(o.DefaultPolicy)) ?? o.DefaultPolicy;
        o.DefaultErrno = read.Text(nameof(o.DefaultErrno)) ?? o.DefaultErrno;
        o.ExpectedDenials = read.Text(nameof(o.ExpectedDenials));
        o.NotifyWait = read.Text(nameof(o.NotifyWait)) ?? o.NotifyWait;
        o.Takeover = read.Boolean(nameof(o.Takeover));
        o.FdStore = read.Boolean(nameof(o.FdStore));
        o.CapturePaths = read.Boolean(nameof(o.CapturePaths));
        o.CrioCompatibleMetrics = read.Boolean(nameof(o.CrioCompatibleMetrics));
        o.MaxMessageBytes = read.Int32(nameof(o.MaxMessageBytes), o.MaxMessageBytes, 4096, 64 * 1024 * 1024);
        o.MaxWaitingConnections = read.Int32(nameof(o.MaxWaitingConnections), o.MaxWaitingConnections, 1, 65536);
        o.ConnectionTimeout = read.PositiveDuration(nameof(o.ConnectionTimeout), o.ConnectionTimeout, s_maxConnectionTimeout, "5m");
        o.FirstByteTimeout = read.OptionalDuration(nameof(o.FirstByteTimeout), s_maxFirstByteTimeout, "24h");
        o.Grace = read.Duration(nameof(o.Grace), o.Grace, s_maxWindow, "24h");
        o.MetricsRetention = read.Duration(nameof(o.MetricsRetention), o.MetricsRetention, s_maxWindow, "24h");
        o.Retention = read.PositiveDuration(nameof(o.Retention), o.Retention, RecorderOptions.MaxRetention, "87600h");

        List<string> failures = read.Failures;
        settings = failures.Count == 0 ? RecorderOptionsValidator.TryParse(o, describe, failures) : null;
        error = settings is null ? string.Join("; ", failures) : null;
        return settings is not null;
    }

    private sealed class Reader(IConfiguration configuration, Func<string, string> describe)
    {
        public List<string> Failures { get; } = [];

        public string? Text(string key) => configuration[key];

        public string Path(string key, string fallback)
        {
            string? text = configuration[key];
            if (text is null)
            {
                return fallback;
            }

            if (text.Length == 0)
            {
                Failures.Add($"{describe(key)}: must not be empty");
            }

            return text;
        }

        public bool Boolean(string key)
        {
            if (configuration[key] is not { } text)
            {
                return false;
            }

            return SettingText.TryParseBoolean(text, out bool value) ? value : Fail(key, text, "is not true or false", false);
        }

        public int Int32(string key, int fallback, int min, int max)
        {
            if (configuration[key] is not { } text)
            {
                return fallback;
            }

            return SettingText.TryParseInt32(text, min, max, out int value) ? value : Fail(key, text, $"is not a whole number from {min} to {max}", fallback);
        }

        public TimeSpan Duration(string key, TimeSpan fallback, TimeSpan max, string maxText)
        {
            if (configuration[key] is not { } text)
            {
                return fallback;
            }

            return SettingText.TryParseDuration(text, max, out TimeSpan value)
                ? value
                : Fail(key, text, $"is not a duration up to {maxText} ({DurationForms})", fallback);
        }

        public TimeSpan PositiveDuration(string key, TimeSpan fallback, TimeSpan max, string maxText)
        {
            if (configuration[key] is not { } text)
            {
                return fallback;
            }

            return SettingText.TryParseDuration(text, max, out TimeSpan value) && value > TimeSpan.Zero
                ? value
                : Fail(key, text, $"is not a duration above 0 and up to {maxText} ({DurationForms})", fallback);
        }

        public TimeSpan? OptionalDuration(string key, TimeSpan max, string maxText)
        {
            if (configuration[key] is not { } text)
            {
                return null;
            }

            return SettingText.TryParseOptionalDuration(text, max, out TimeSpan? value)
                ? value
                : Fail<TimeSpan?>(key, text, $"is not off, 0 or a duration up to {maxText} ({DurationForms})", null);
        }

        private T Fail<T>(string key, string text, string why, T fallback)
        {
            Failures.Add($"{describe(key)}: {SettingText.Quote(text)} {why}");
            return fallback;
        }
    }
}
