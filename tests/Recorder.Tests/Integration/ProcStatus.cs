using System.Globalization;

namespace SeccompRecorder.Tests.Integration;

/// <summary>What /proc says about a process: memory, threads, limits (its fds: <see cref="DaemonFds"/>).</summary>
internal static class ProcStatus
{
    /// <summary>A "Key: value [kB]" field of /proc/PID/status as a number (VmRSS in KiB, Threads).</summary>
    public static long Field(int pid, string key)
    {
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
            {
                string value = line[(key.Length + 1)..].Trim();
                int space = value.IndexOf(' ', StringComparison.Ordinal);
                return long.Parse(space < 0 ? value : value[..space], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {key}");
    }

    /// <summary>The soft RLIMIT_NOFILE from /proc/PID/limits ("unlimited" as long.MaxValue).</summary>
    public static long OpenFilesSoftLimit(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        string soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return soft == "unlimited" ? long.MaxValue : long.Parse(soft, CultureInfo.InvariantCulture);
    }
}
