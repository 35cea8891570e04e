using System.Globalization;

namespace SeccompRecorder.Systemd;

/// <summary>
/// sd_listen_fds_with_names(3) without libsystemd: LISTEN_PID must be this process, LISTEN_FDS counts fds from 3 on,
/// LISTEN_FDNAMES names them colon-separated (systemd says "unknown" for an unnamed one). Pure: the caller wraps the fds.
/// </summary>
internal static class SystemdListenFds
{
    public const int FirstFd = 3;

    /// <summary>
    /// The (fd, name) pairs passed to <paramref name="processId"/>; empty when none were, or they were meant for another
    /// process. <paramref name="problem"/> says why fds passed to this process cannot be taken.
    /// </summary>
    public static IReadOnlyList<(int Fd, string Name)> Parse(Func<string, string?> environment, int processId, out string? problem)
    {
        problem = null;
        if (environment("LISTEN_FDS") is not { Length: > 0 } countText)
        {
            return [];
        }

        if (!int.TryParse(environment("LISTEN_PID"), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid != processId)
        {
            // Variables inherited from a parent they were meant for (sd_listen_fds returns 0 then): not ours, no fds.
            return [];
        }

        if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count is < 1 or > 65536)
        {
            problem = $"LISTEN_FDS={countText} is not a count of fds";
            return [];
        }

        string[] names = environment("LISTEN_FDNAMES") is { Length: > 0 } joined ? joined.Split(':') : [];
        if (names.Length != 0 && names.Length != count)
        {
            problem = $"LISTEN_FDNAMES names {names.Length} fds, LISTEN_FDS counts {count}";
            return [];
        }

        (int, string)[] fds = new (int, string)[count];
        for (int i = 0; i < count; i++)
        {
            fds[i] = (FirstFd + i, names.Length == 0 ? "unknown" : names[i]);
        }

        return fds;
    }
}
