using System.Text.Json.Nodes;
using SeccompRecorder.Policy.Answers;

namespace SeccompRecorder.Profiles;

/// <summary>
/// A converted profile before it is rendered: the source's defaultAction, the rules to write in order (the NOTIFY rule
/// among them), the notified syscalls, the answers for the daemon (null when nothing is notified) and notes for stderr.
/// </summary>
internal sealed record NotifyProfile(
    string DefaultAction, int? DefaultErrnoRet, IReadOnlyList<JsonObject> Rules, IReadOnlyList<string> Notified,
    ProfileAnswers? Answers, IReadOnlyList<string> Notes)
{
    /// <summary>
    /// The OCI <c>linux.seccomp</c> object; listenerMetadata is <paramref name="metadata"/> and, on a line of its own,
    /// <c>rules=</c> with <see cref="Answers"/>.
    /// </summary>
    public JsonObject ToJson(string listenerPath, string metadata, IEnumerable<string> architectures)
    {
        string rules = Answers is null ? string.Empty : $"{ProfileAnswersText.Key}={ProfileAnswersText.Format(Answers)}";
        string listenerMetadata = metadata.Length == 0 ? rules : rules.Length == 0 ? metadata : $"{metadata.TrimEnd('\n', ';')}\n{rules}";
        var json = new JsonObject { ["defaultAction"] = DefaultAction };
        if (DefaultErrnoRet is { } errno)
        {
            json["defaultErrnoRet"] = errno;
        }

        json["architectures"] = new JsonArray([.. architectures.Select(a => (JsonNode?)JsonValue.Create(a))]);
        json["listenerPath"] = listenerPath;
        json["listenerMetadata"] = listenerMetadata;
        json["syscalls"] = new JsonArray([.. Rules.Select(r => (JsonNode?)r.DeepClone())]);
        return json;
    }
}
