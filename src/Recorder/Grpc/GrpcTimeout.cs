using System.Globalization;

namespace SeccompRecorder.Grpc;

/// <summary>
/// The grpc-timeout header (grpc/grpc doc/PROTOCOL-HTTP2.md, "Requests"):
/// <code>
/// Timeout → "grpc-timeout" TimeoutValue TimeoutUnit
/// TimeoutValue → {positive integer as ASCII string of at most 8 digits}
/// TimeoutUnit → Hour / Minute / Second / Millisecond / Microsecond / Nanosecond
///   Hour → "H"  Minute → "M"  Second → "S"  Millisecond → "m"  Microsecond → "u"  Nanosecond → "n"
/// </code>
/// </summary>
internal static class GrpcTimeout
{
    private const int MaxDigits = 8;

    /// <summary>
    /// Parses a grpc-timeout value. False for anything malformed: like grpc-dotnet, the server then runs
    /// the call without a deadline rather than failing it.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length < 2 || value.Length > MaxDigits + 1)
        {
            return false;
        }

        long amount = 0;
        foreach (char c in value[..^1])
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            amount = (amount * 10) + (c - '0');
        }

        // 99999999 H is 3.6e18 ticks, inside TimeSpan's range: no overflow check needed.
        long ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * TimeSpan.TicksPerMicrosecond,
            'n' => (amount + 99) / 100, // a tick is 100 ns; round up so that "1n" is not "no time at all" by accident
            _ => -1,
        };
        if (ticks < 0)
        {
            return false;
        }

        timeout = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>Formats <paramref name="timeout"/> in the finest unit that fits in 8 digits, rounding up.</summary>
    public static string Format(TimeSpan timeout)
    {
        long ticks = Math.Max(0, timeout.Ticks);
        ReadOnlySpan<(long TicksPerUnit, char Unit)> units =
        [
            (TimeSpan.TicksPerMillisecond, 'm'),
            (TimeSpan.TicksPerSecond, 'S'),
            (TimeSpan.TicksPerMinute, 'M'),
            (TimeSpan.TicksPerHour, 'H'),
        ];
        foreach ((long ticksPerUnit, char unit) in units)
        {
            long amount = (ticks / ticksPerUnit) + (ticks % ticksPerUnit == 0 ? 0 : 1);
            if (amount <= 99_999_999)
            {
                return amount.ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return "99999999H";
    }
}
