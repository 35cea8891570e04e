using System.Globalization;

namespace SeccompRecorder.Tests.Native;

/// <summary>What /proc/self/fd and /proc/self/fdinfo say about this process's fds: the only witness a test can ask.</summary>
internal static class ProcSelfFd
{
    private const int O_NONBLOCK = 0x800;   // 04000 octal
    private const int O_CLOEXEC = 0x80000;  // 02000000 octal

    /// <summary>readlink(/proc/self/fd/N), or null when N is not open.</summary>
    public static string? Target(int fd)
    {
        try
        {
            return new FileInfo($"/proc/self/fd/{fd.ToString(CultureInfo.InvariantCulture)}").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The fd numbers whose link names <paramref name="target"/> right now.</summary>
    public static List<int> PointingTo(string target)
    {
        List<int> fds = [];
        foreach (string entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(System.IO.Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int fd)
                && string.Equals(Target(fd), target, StringComparison.Ordinal))
            {
                fds.Add(fd);
            }
        }

        return fds;
    }

    /// <summary>The open flags of fd N (fdinfo's "flags:" line is octal).</summary>
    public static int Flags(int fd) => Convert.ToInt32(Field(fd, "flags"), 8);

    public static bool IsCloseOnExec(int fd) => (Flags(fd) & O_CLOEXEC) != 0;

    public static bool IsNonBlocking(int fd) => (Flags(fd) & O_NONBLOCK) != 0;

    /// <summary>An eventfd's counter (fdinfo prints it in hex).</summary>
    public static ulong EventFdCount(int fd) => ulong.Parse(Field(fd, "eventfd-count"), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string Field(int fd, string name)
    {
        foreach (string line in File.ReadLines($"/proc/self/fdinfo/{fd.ToString(CultureInfo.InvariantCulture)}"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).SequenceEqual(name))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        throw new InvalidOperationException($"/proc/self/fdinfo/{fd} has no \"{name}\" line");
    }
}
