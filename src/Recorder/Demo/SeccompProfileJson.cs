using System.Text.Json.Nodes;

namespace SeccompRecorder.Demo;

/// <summary>OCI linux.seccomp objects that route syscalls to a listener (runtime-spec config-linux.md "Seccomp").</summary>
internal static class SeccompProfileJson
{
    /// <summary>
    /// defaultAction SCMP_ACT_ALLOW, and SCMP_ACT_NOTIFY for <paramref name="notify"/> on <paramref name="architectures"/>
    /// (SCMP_ARCH_*). runc refuses NOTIFY as the default action and for write(2), which its init needs to hand over the fd.
    /// </summary>
    public static JsonObject Notify(string listenerPath, string metadata, IEnumerable<string> architectures, IEnumerable<string> notify)
    {
        string[] names = [.. notify.Where(n => !string.Equals(n, "write", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
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
}
