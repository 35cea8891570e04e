using System.Globalization;

namespace SeccompRecorder.Cli.Output;

/// <summary>Timestamps and durations as the commands print them. Everything is UTC and invariant culture.</summary>
internal static class TimeFormat
{
    /// <summary>RFC 3339 in UTC, fraction only when there is one: "2026-11-22T10:00:00Z", "2026-11-22T10:00:00.25Z".</summary>
    public static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 in UTC to the second, for people: "2026-11-22T10:00:00Z".</summary>
    public static string Rfc3339Seconds(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 in UTC with exactly milliseconds: fixed width, so streamed lines stay aligned.</summary>
    public static string Rfc3339Millis(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>"12s ago", "5m ago", "3h ago", "4d ago"; "-" when unset. A time ahead of <paramref name="now"/> (clock skew) reads "0s ago".</summary>
    public static string Ago(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } t)
        {
            return "-";
        }

        TimeSpan age = now - t;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        (long amount, char unit) = age switch
        {
            { TotalMinutes: < 1 } => ((long)age.TotalSeconds, 's'),
            { TotalHours: < 1 } => ((long)age.TotalMinutes, 'm'),
            { TotalDays: < 2 } => ((long)age.TotalHours, 'h'),
            _ => ((long)age.TotalDays, 'd'),
        };
        return string.Create(CultureInfo.InvariantCulture, $"{amount}{unit} ago");
    }

    /// <summary>"2d3h4m5s", "4m0s", "0s": Go's time.Duration look, whole seconds.</summary>
    public static string Duration(TimeSpan duration)
    {
        long seconds = Math.Max(0, (long)duration.TotalSeconds);
        long days = seconds / 86400;
        long hours = seconds / 3600 % 24;
        long minutes = seconds / 60 % 60;
        long rest = seconds % 60;
        string text = string.Create(CultureInfo.InvariantCulture, $"{minutes}m{rest}s");
        if (days > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{days}d{hours}h{text}");
        }

        if (hours > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{hours}h{text}");
        }

        return minutes > 0 ? text : string.Create(CultureInfo.InvariantCulture, $"{rest}s");
    }
}
