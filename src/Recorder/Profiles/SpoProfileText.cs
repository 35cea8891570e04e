using System.Globalization;
using System.Text;
using SeccompRecorder.Policy;

namespace SeccompRecorder.Profiles;

/// <summary>
/// An <see cref="EnforcingProfile"/> as a Security Profiles Operator <c>SeccompProfile</c>
/// (security-profiles-operator.x-k8s.io/v1 or v1beta1), written by hand: YAML 1.2 block style with every
/// string that comes from outside double-quoted and escaped, so no value can change the document's shape.
/// </summary>
/// <remarks>
/// SPO 1.0.0's CRD (tests/Recorder.Tests/Profiles/SpoSchemaTests validates against it): the resource is cluster-scoped,
/// so metadata has a name and no namespace; spec has no defaultErrnoRet; each rule's <c>names</c> is a non-empty set.
/// </remarks>
internal static class SpoProfileText
{
    public const string Group = "security-profiles-operator.x-k8s.io";

    public static string ApiVersion(SpoApiVersion version) => version switch
    {
        SpoApiVersion.V1 => Group + "/v1",
        SpoApiVersion.V1Beta1 => Group + "/v1beta1",
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, null),
    };

    /// <summary>EPERM: what runc returns for SCMP_ACT_ERRNO when the profile names no errno.</summary>
    private const int RuntimeDefaultErrno = 1;

    /// <param name="name">metadata.name, already a valid Kubernetes name (<see cref="KubernetesName"/>).</param>
    /// <param name="executables">Lines of <see cref="ExecutableListing.Line"/>, listed as comments: which program made the calls.</param>
    public static string Render(EnforcingProfile profile, string name, SpoApiVersion version, IReadOnlyList<string>? executables = null)
    {
        // The schema's names: minItems 1, x-kubernetes-list-type set. The builder always adds the runtime baseline.
        if (profile.AllowedSyscalls.Count == 0 || profile.AllowedSyscalls.Distinct(StringComparer.Ordinal).Count() != profile.AllowedSyscalls.Count)
        {
            throw new ArgumentException("a SeccompProfile rule needs at least one name, each once", nameof(profile));
        }

        var text = new StringBuilder();
        text.Append("# seccomp-recorder: recorded from ").Append(Comment(string.Join(", ", profile.ContainerIds))).Append('\n');
        foreach (string warning in Warnings(profile))
        {
            text.Append("# warning: ").Append(Comment(warning)).Append('\n');
        }

        foreach (string executable in executables ?? [])
        {
            text.Append("# executable: ").Append(Comment(executable)).Append('\n');
        }

        text.Append("apiVersion: ").Append(ApiVersion(version)).Append('\n');
        text.Append("kind: SeccompProfile\n");
        text.Append("metadata:\n");
        text.Append("  name: ").Append(Quote(name)).Append('\n');
        text.Append("spec:\n");
        text.Append("  defaultAction: SCMP_ACT_ERRNO\n");
        text.Append("  architectures:");
        AppendList(text, profile.Architectures, "  ");
        text.Append("  syscalls:\n");
        text.Append("  - action: SCMP_ACT_ALLOW\n");
        text.Append("    names:");
        AppendList(text, profile.AllowedSyscalls, "    ");
        foreach (ConditionalRule rule in profile.ConditionalRules)
        {
            text.Append("  - action: SCMP_ACT_ALLOW\n");
            text.Append("    names:");
            AppendList(text, [rule.Name], "    ");
            text.Append("    args:\n");
            foreach (ArgumentCondition condition in rule.Conditions)
            {
                // The schema's int64 >= 0: ArgumentRules conditions no value above long.MaxValue.
                text.Append(CultureInfo.InvariantCulture, $"    - index: {condition.Index}\n");
                text.Append(CultureInfo.InvariantCulture, $"      value: {checked((long)condition.Value)}\n");
                if (condition.Masked)
                {
                    text.Append(CultureInfo.InvariantCulture, $"      valueTwo: {checked((long)condition.ValueTwo)}\n");
                }

                text.Append("      op: ").Append(condition.Op).Append('\n');
            }
        }

        if (profile.FallbackSyscalls is { Count: > 0 } fallbacks)
        {
            text.Append("  - action: SCMP_ACT_ERRNO\n");
            text.Append("    errnoRet: ").Append(EnforcingProfile.FallbackErrno.ToString(CultureInfo.InvariantCulture)).Append('\n');
            text.Append("    names:");
            AppendList(text, fallbacks, "    ");
        }

        return text.ToString();
    }

    /// <summary>The profile's warnings, and one more when its errno cannot be expressed in this format.</summary>
    public static IReadOnlyList<string> Warnings(EnforcingProfile profile) =>
        profile.DefaultErrno == RuntimeDefaultErrno
            ? profile.Warnings
            : [.. profile.Warnings, $"SeccompProfile has no defaultErrnoRet: denied calls get EPERM, not {ErrnoNames.Name(profile.DefaultErrno)}"];

    private static void AppendList(StringBuilder text, IReadOnlyList<string> values, string indent)
    {
        if (values.Count == 0)
        {
            text.Append(" []\n");
            return;
        }

        text.Append('\n');
        foreach (string value in values)
        {
            text.Append(indent).Append("- ").Append(Quote(value)).Append('\n');
        }
    }

    /// <summary>A YAML double-quoted scalar (YAML 1.2 §7.3.1): backslash, quote and every control character escaped.</summary>
    internal static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"':
                    quoted.Append("\\\"");
                    break;
                case '\\':
                    quoted.Append("\\\\");
                    break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' || char.IsSurrogate(c))
                    {
                        quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }

                    break;
            }
        }

        return quoted.Append('"').ToString();
    }

    // A comment ends at the line break: anything that could start a new line becomes a space.
    private static string Comment(string value) =>
        string.Create(value.Length, value, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) || source[i] is '\u2028' or '\u2029' or '\u0085' ? ' ' : source[i];
            }
        });
}
