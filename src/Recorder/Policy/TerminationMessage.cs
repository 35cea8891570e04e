using System.Globalization;
using System.Text;

namespace SeccompRecorder.Policy;

/// <summary>The reason and message CRI-O's notifier gives a container it stopped, so dashboards and alerts keep working.</summary>
internal static class TerminationMessage
{
    public const string Reason = "seccomp killed";

    /// <summary>"Used forbidden syscalls: chroot (2x), swapoff (2x)": denied calls by name, names sorted, arches summed.</summary>
    public static string Format(IEnumerable<(string Name, long Denied)> violations)
    {
        SortedDictionary<string, long> byName = new(StringComparer.Ordinal);
        foreach ((string name, long denied) in violations)
        {
            if (denied > 0)
            {
                byName[name] = byName.GetValueOrDefault(name) + denied;
            }
        }

        StringBuilder text = new("Used forbidden syscalls: ");
        bool first = true;
        foreach ((string name, long count) in byName)
        {
            text.Append(first ? string.Empty : ", ").Append(name).Append(" (").Append(count.ToString(CultureInfo.InvariantCulture)).Append("x)");
            first = false;
        }

        return text.ToString();
    }
}
