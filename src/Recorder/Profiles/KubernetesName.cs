using System.Text;
using System.Text.RegularExpressions;

namespace SeccompRecorder.Profiles;

/// <summary>Kubernetes object names (DNS-1123 subdomain: lower-case alphanumerics, '-' and '.', at most 253).</summary>
internal static partial class KubernetesName
{
    public const int MaxLength = 253;

    public static bool IsValid(string name) => name.Length <= MaxLength && Subdomain().IsMatch(name);

    /// <summary>A valid name from a container id: lower-cased, anything else as '-', trimmed; "profile" if nothing is left.</summary>
    public static string From(string id)
    {
        var name = new StringBuilder(Math.Min(id.Length, MaxLength));
        foreach (char c in id)
        {
            if (name.Length == MaxLength)
            {
                break;
            }

            char lower = char.ToLowerInvariant(c);
            name.Append(lower is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? lower : '-');
        }

        string trimmed = name.ToString().Trim('-');
        return trimmed.Length == 0 ? "profile" : trimmed;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Subdomain();
}
