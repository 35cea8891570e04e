using System.Text.Json.Nodes;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Profiles;

/// <summary>OCI linux.seccomp objects that route syscalls to a listener (runtime-spec config-linux.md "Seccomp").</summary>
internal static class SeccompProfileJson
{
    /// <summary>What runc refuses as SCMP_ACT_NOTIFY: its init needs write(2) to hand the notify fd over.</summary>
    public static IReadOnlyList<string> NeverNotified { get; } = ["write"];

    /// <summary>
    /// defaultAction SCMP_ACT_ALLOW, and SCMP_ACT_NOTIFY for <paramref name="notify"/> on <paramref name="architectures"/>
    /// (SCMP_ARCH_*). runc refuses NOTIFY as the default action and for write(2), which its init needs to hand over the fd.
    /// </summary>
    public static JsonObject Notify(string listenerPath, string metadata, IEnumerable<string> architectures, IEnumerable<string> notify)
    {
        string[] names = [.. notify.Except(NeverNotified, StringComparer.Ordinal).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        return new JsonObject
        {
            ["defaultAction"] = "SCMP_ACT_ALLOW",
            ["architectures"] = new JsonArray([.. architectures.Select(a => (JsonNode?)JsonValue.Create(a))]),
            ["listenerPath"] = listenerPath,
            ["listenerMetadata"] = metadata,
            ["syscalls"] = new JsonArray(
                new JsonObject
                {
                    ["names"] = new JsonArray([.. names.Select(n => (JsonNode?)JsonValue.Create(n))]),
                    ["action"] = "SCMP_ACT_NOTIFY",
                }),
        };
    }

    /// <summary>
    /// The recording template: every syscall the tables know for <paramref name="archs"/> routed to the listener,
    /// so that what an enforcing profile's default action would hide is seen too; only <see cref="NeverNotified"/>
    /// stays with the default action (and is in <see cref="RuntimeBaseline"/>).
    /// </summary>
    public static JsonObject Template(string listenerPath, string metadata, IReadOnlyList<SyscallArch> archs)
    {
        var architectures = new List<string>(archs.Count);
        foreach (SyscallArch arch in archs.Distinct())
        {
            if (!SeccompArchitectures.TryGetName(arch, out string name))
            {
                throw new ArgumentException($"no seccomp architecture for {arch}", nameof(archs));
            }

            architectures.Add(name);
        }

        return Notify(listenerPath, metadata, architectures, archs.SelectMany(SyscallTable.Names));
    }
}
