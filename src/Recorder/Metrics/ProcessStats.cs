using System.Globalization;

namespace SeccompRecorder.Metrics;

/// <summary>
/// Reads <see cref="ProcessSample"/> from procfs (proc(5)) as the Go client's procfs collector does: /proc/self/stat
/// for CPU time, memory and start time, /proc/stat for the boot time, /proc/self/fd and /proc/self/limits for fds.
/// The parsers are pure functions over the files' text; <see cref="ReadSelf"/> does the I/O.
/// </summary>
internal static class ProcessStats
{
    /// <summary>
    /// USER_HZ, the unit of utime, stime and starttime: 100 on every architecture the daemon runs on (the kernel
    /// converts its own HZ to it for userspace; sysconf(_SC_CLK_TCK) reports the same constant).
    /// </summary>
    public const int UserHz = 100;

    /// <summary>The sample, or null when procfs could not be read (the process families are then left out).</summary>
    public static ProcessSample? ReadSelf()
    {
        try
        {
            if (!TryParseStat(File.ReadAllText("/proc/self/stat"), out StatFields stat)
                || !TryParseBootTime(File.ReadAllText("/proc/stat"), out long bootTime)
                || !TryParseMaxOpenFiles(File.ReadAllText("/proc/self/limits"), out double maxFds))
            {
                return null;
            }

            int openFds = Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();
            return new ProcessSample(
                ResidentMemoryBytes: (double)stat.RssPages * Environment.SystemPageSize,
                VirtualMemoryBytes: stat.VsizeBytes,
                CpuSeconds: (double)(stat.UtimeTicks + stat.StimeTicks) / UserHz,
                OpenFds: openFds,
                MaxFds: maxFds,
                StartTimeSeconds: bootTime + (double)stat.StartTimeTicks / UserHz);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// /proc/[pid]/stat: "pid (comm) state ppid ..." where comm may hold spaces and parentheses, so fields are counted
    /// from the last ')'. Field numbers as in proc(5): 14 utime, 15 stime, 22 starttime, 23 vsize, 24 rss (pages).
    /// </summary>
    public static bool TryParseStat(ReadOnlySpan<char> text, out StatFields fields)
    {
        fields = default;
        int close = text.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }

        // After ") " comes field 3 (state); collect up to field 24.
        ReadOnlySpan<char> rest = text[(close + 1)..].Trim();
        Span<long> values = stackalloc long[25];
        int field = 3;
        foreach (Range token in rest.Split(' '))
        {
            if (field > 24)
            {
                break;
            }

            if (field is 14 or 15 or 22 or 23 or 24
                && !long.TryParse(rest[token], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[field]))
            {
                return false;
            }

            field++;
        }

        if (field <= 24)
        {
            return false;
        }

        fields = new StatFields(values[14], values[15], values[22], values[23], values[24]);
        return true;
    }

    /// <summary>/proc/stat: the "btime SECONDS" line, boot time since the epoch.</summary>
    public static bool TryParseBootTime(ReadOnlySpan<char> text, out long seconds)
    {
        foreach (Range line in text.Split('\n'))
        {
            ReadOnlySpan<char> current = text[line];
            if (current.StartsWith("btime "))
            {
                return long.TryParse(current[6..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out seconds);
            }
        }

        seconds = 0;
        return false;
    }

    /// <summary>
    /// /proc/[pid]/limits: the soft limit of "Max open files", a number or "unlimited" (+Inf). Columns are padded
    /// with spaces: "Limit  Soft Limit  Hard Limit  Units".
    /// </summary>
    public static bool TryParseMaxOpenFiles(ReadOnlySpan<char> text, out double limit)
    {
        const string Name = "Max open files";
        foreach (Range line in text.Split('\n'))
        {
            ReadOnlySpan<char> current = text[line];
            if (!current.StartsWith(Name))
            {
                continue;
            }

            ReadOnlySpan<char> rest = current[Name.Length..].TrimStart(' ');
            int end = rest.IndexOf(' ');
            ReadOnlySpan<char> soft = end < 0 ? rest : rest[..end];
            if (soft.SequenceEqual("unlimited"))
            {
                limit = double.PositiveInfinity;
                return true;
            }

            if (ulong.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
            {
                limit = value;
                return true;
            }

            break;
        }

        limit = 0;
        return false;
    }

    /// <summary>The fields of /proc/[pid]/stat the process families need, in the file's units.</summary>
    internal readonly record struct StatFields(long UtimeTicks, long StimeTicks, long StartTimeTicks, long VsizeBytes, long RssPages);
}
