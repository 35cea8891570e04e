using System.Globalization;

namespace SeccompRecorder.Policy;

/// <summary>Durations as Go and Kubernetes write them: "5s", "500ms", "1m30s", "1.5s", "2h".</summary>
internal static class DurationText
{
    /// <summary>At most one day: grace windows and metrics retention.</summary>
    public static bool TryParse(string text, out TimeSpan duration) => TryParse(text, TimeSpan.FromDays(1), out duration);

    public static bool TryParse(string text, TimeSpan max, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        ReadOnlySpan<char> rest = text.AsSpan().Trim();
        if (rest.IsEmpty)
        {
            return false;
        }

        double totalMilliseconds = 0;
        while (!rest.IsEmpty)
        {
            int numberLength = 0;
            while (numberLength < rest.Length && (char.IsAsciiDigit(rest[numberLength]) || rest[numberLength] == '.'))
            {
                numberLength++;
            }

            int unitLength = 0;
            while (numberLength + unitLength < rest.Length && char.IsAsciiLetter(rest[numberLength + unitLength]))
            {
                unitLength++;
            }

            if (numberLength == 0 || unitLength == 0
                || !double.TryParse(rest[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
            {
                return false;
            }

            double? unit = rest.Slice(numberLength, unitLength) switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => null,
            };
            if (unit is null)
            {
                return false;
            }

            totalMilliseconds += value * unit.Value;
            rest = rest[(numberLength + unitLength)..];
        }

        if (totalMilliseconds > max.TotalMilliseconds)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(totalMilliseconds);
        return true;
    }

    /// <summary>"5s", "500ms", "1m30s": the shortest exact form.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration.TotalMilliseconds < 1000 || duration.Milliseconds != 0)
        {
            return duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
        }

        string text = string.Empty;
        if (duration.TotalHours >= 1)
        {
            text += ((int)duration.TotalHours).ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (duration.Minutes != 0)
        {
            text += duration.Minutes.ToString(CultureInfo.InvariantCulture) + "m";
        }

        if (duration.Seconds != 0)
        {
            text += duration.Seconds.ToString(CultureInfo.InvariantCulture) + "s";
        }

        return text;
    }
}
