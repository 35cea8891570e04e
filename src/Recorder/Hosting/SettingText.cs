using System.Globalization;
using SeccompRecorder.Policy;

namespace SeccompRecorder.Hosting;

/// <summary>How a daemon setting's text becomes a value, whichever source it came from (file, environment, flag).</summary>
internal static class SettingText
{
    /// <summary>
    /// A Go duration ("5s", "1m", "1500ms", "1h30m", and "0" as Go takes it) or the TimeSpan form the settings took
    /// before ("00:00:05"), from zero up to <paramref name="max"/>.
    /// </summary>
    public static bool TryParseDuration(string text, TimeSpan max, out TimeSpan duration)
    {
        string trimmed = text.Trim();
        if (trimmed == "0")
        {
            duration = TimeSpan.Zero;
            return true;
        }

        if (DurationText.TryParse(trimmed, max, out duration))
        {
            return true;
        }

        // The constant ("c") format only: "5" alone would otherwise be five days, and "1.5" a day and five hours.
        return trimmed.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParseExact(trimmed, "c", CultureInfo.InvariantCulture, out duration)
            && duration >= TimeSpan.Zero && duration <= max;
    }

    /// <summary>A limit that may be switched off: "off" or a zero duration is none (null).</summary>
    public static bool TryParseOptionalDuration(string text, TimeSpan max, out TimeSpan? duration)
    {
        duration = null;
        if (string.Equals(text.Trim(), "off", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!TryParseDuration(text, max, out TimeSpan parsed))
        {
            return false;
        }

        duration = parsed == TimeSpan.Zero ? null : parsed;
        return true;
    }

    /// <summary>A decimal integer from <paramref name="min"/> to <paramref name="max"/>: no sign, no separators.</summary>
    public static bool TryParseInt32(string text, int min, int max, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    /// <summary>"true" or "false", any case, as the configuration binder took them.</summary>
    public static bool TryParseBoolean(string text, out bool value) => bool.TryParse(text.Trim(), out value);

    /// <summary>A value as messages show it: quoted, escaped, at most 100 characters, so the message stays one line.</summary>
    public static string Quote(string text)
    {
        string shown = text.Length > 100 ? text[..100] + "..." : text;
        return "\"" + shown.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal) + "\"";
    }
}
