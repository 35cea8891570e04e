using System.Buffers.Text;

namespace SeccompRecorder.Recording.Executables;

/// <summary>Pure parsers of the /proc files a process is resolved from (proc(5)).</summary>
internal static class ProcText
{
    private static ReadOnlySpan<byte> TgidKey => "\nTgid:"u8;
    private static ReadOnlySpan<byte> NameKey => "Name:"u8;

    /// <summary>The Tgid line of /proc/PID/status.</summary>
    public static bool TryParseTgid(ReadOnlySpan<byte> status, out int tgid)
    {
        tgid = 0;
        int at = status.IndexOf(TgidKey);
        if (at < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> value = Line(status[(at + TgidKey.Length)..]).Trim(" \t"u8);
        return Utf8Parser.TryParse(value, out tgid, out int consumed) && consumed == value.Length && tgid > 0;
    }

    /// <summary>
    /// The Name line of /proc/PID/status: the comm, as the kernel escapes it there (a newline as "\n", a backslash as
    /// "\\"), so it is one line whatever the process named itself.
    /// </summary>
    public static bool TryParseName(ReadOnlySpan<byte> status, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (!status.StartsWith(NameKey))
        {
            return false;
        }

        name = Line(status[NameKey.Length..]).TrimStart(" \t"u8);
        return true;
    }

    /// <summary>
    /// Field 22 of /proc/PID/stat, starttime (clock ticks after boot). The comm in field 2 may hold spaces and
    /// parentheses: fields are counted from its last ')'.
    /// </summary>
    public static bool TryParseStartTime(ReadOnlySpan<byte> stat, out ulong startTime)
    {
        startTime = 0;
        int close = stat.LastIndexOf((byte)')');
        if (close < 0)
        {
            return false;
        }

        // After ") ": field 3 (state) onwards; starttime is the 20th of them.
        ReadOnlySpan<byte> rest = stat[(close + 1)..];
        for (int field = 3; field <= 22; field++)
        {
            rest = rest.TrimStart((byte)' ');
            int end = rest.IndexOf((byte)' ');
            ReadOnlySpan<byte> value = end < 0 ? Line(rest) : rest[..end];
            if (value.IsEmpty)
            {
                return false;
            }

            if (field == 22)
            {
                return Utf8Parser.TryParse(value, out startTime, out int consumed) && consumed == value.Length;
            }

            rest = rest[value.Length..];
        }

        return false;
    }

    private static ReadOnlySpan<byte> Line(ReadOnlySpan<byte> text)
    {
        int end = text.IndexOf((byte)'\n');
        return end < 0 ? text : text[..end];
    }
}
