using System.Globalization;

namespace SeccompRecorder.Tests.Deploy;

/// <summary>
/// deploy/systemd's CapabilityBoundingSet, read from the unit file, so tests that run the daemon "under the unit's
/// capabilities" cannot drift from what the unit grants: as setpriv arguments, and as the CapEff mask the daemon gets.
/// </summary>
internal static class UnitCapabilities
{
    // include/uapi/linux/capability.h
    private static readonly Dictionary<string, int> s_bits = new(StringComparer.Ordinal)
    {
        ["CAP_CHOWN"] = 0, ["CAP_DAC_OVERRIDE"] = 1, ["CAP_DAC_READ_SEARCH"] = 2, ["CAP_FOWNER"] = 3, ["CAP_FSETID"] = 4,
        ["CAP_KILL"] = 5, ["CAP_SETGID"] = 6, ["CAP_SETUID"] = 7, ["CAP_SETPCAP"] = 8, ["CAP_NET_BIND_SERVICE"] = 10,
        ["CAP_NET_ADMIN"] = 12, ["CAP_NET_RAW"] = 13, ["CAP_IPC_LOCK"] = 14, ["CAP_SYS_CHROOT"] = 18, ["CAP_SYS_PTRACE"] = 19,
        ["CAP_SYS_ADMIN"] = 21, ["CAP_SYS_RESOURCE"] = 24,
    };

    public static string UnitPath => Path.Combine(RepoPaths.Root, "deploy", "systemd", "seccomp-recorder.service");

    /// <summary>The unit's CapabilityBoundingSet= names, as written (CAP_KILL ...).</summary>
    public static IReadOnlyList<string> Names()
    {
        string line = File.ReadLines(UnitPath).Single(l => l.StartsWith("CapabilityBoundingSet=", StringComparison.Ordinal));
        return line["CapabilityBoundingSet=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// setpriv with the unit's bounding set (less <paramref name="without"/>), no inheritable capabilities and
    /// NoNewPrivileges, as the unit runs the daemon: root, whose permitted set is then the bounding set.
    /// </summary>
    public static string[] Setpriv(params string[] without)
    {
        IEnumerable<string> kept = Names().Where(n => !without.Contains(n, StringComparer.Ordinal));
        string set = string.Join(',', ["-all", .. kept.Select(n => "+" + n["CAP_".Length..].ToLowerInvariant())]);
        return ["/usr/bin/setpriv", "--bounding-set", set, "--inh-caps", "-all", "--no-new-privs"];
    }

    /// <summary>The daemon's CapEff line in /proc/PID/status under <see cref="Setpriv"/>.</summary>
    public static string CapEffLine(params string[] without)
    {
        ulong mask = 0;
        foreach (string name in Names().Where(n => !without.Contains(n, StringComparer.Ordinal)))
        {
            mask |= 1UL << s_bits[name];
        }

        return "CapEff:\t" + mask.ToString("x16", CultureInfo.InvariantCulture);
    }
}
