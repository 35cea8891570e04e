using System.Text;
using System.Text.Json;

namespace SeccompRecorder.Profiles;

/// <summary>
/// An <see cref="EnforcingProfile"/> as the OCI runtime-spec <c>linux.seccomp</c> object (config-linux.md
/// "Seccomp"): what runc's config.json, Docker's --security-opt seccomp= and Kubernetes Localhost profiles take.
/// </summary>
internal static class OciProfileText
{
    public static string Render(EnforcingProfile profile)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            writer.WriteStartObject();
            writer.WriteString("defaultAction", "SCMP_ACT_ERRNO");
            writer.WriteNumber("defaultErrnoRet", profile.DefaultErrno);
            WriteStrings(writer, "architectures", profile.Architectures);
            writer.WriteStartArray("syscalls");
            writer.WriteStartObject();
            WriteStrings(writer, "names", profile.AllowedSyscalls);
            writer.WriteString("action", "SCMP_ACT_ALLOW");
            writer.WriteEndObject();
            foreach (ConditionalRule rule in profile.ConditionalRules)
            {
                writer.WriteStartObject();
                WriteStrings(writer, "names", [rule.Name]);
                writer.WriteString("action", "SCMP_ACT_ALLOW");
                writer.WriteStartArray("args");
                foreach (ArgumentCondition condition in rule.Conditions)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("index", condition.Index);
                    writer.WriteNumber("value", condition.Value);
                    if (condition.Masked)
                    {
                        writer.WriteNumber("valueTwo", condition.ValueTwo);
                    }

                    writer.WriteString("op", condition.Op);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            if (profile.FallbackSyscalls is { Count: > 0 } fallbacks)
            {
                writer.WriteStartObject();
                WriteStrings(writer, "names", fallbacks);
                writer.WriteString("action", "SCMP_ACT_ERRNO");
                writer.WriteNumber("errnoRet", EnforcingProfile.FallbackErrno);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
