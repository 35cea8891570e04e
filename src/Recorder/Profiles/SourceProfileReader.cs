using System.Text.Json;
using System.Text.Json.Nodes;
using SeccompRecorder.Policy.Answers;

namespace SeccompRecorder.Profiles;

/// <summary>
/// Reads the enforcing profile <c>profile notify</c> converts, from JSON: an OCI <c>linux.seccomp</c> object, a whole
/// OCI <c>config.json</c> (its <c>linux.seccomp</c>), or a Security Profiles Operator <c>SeccompProfile</c> (its
/// <c>spec</c>; a <c>baseProfileName</c> is refused: it names a profile in the cluster). YAML is refused with the
/// command that turns it into JSON. Pure.
/// </summary>
internal static class SourceProfileReader
{
    public static bool TryRead(string text, out SourceProfile? profile, out string error)
    {
        profile = null;
        string trimmed = text.TrimStart();
        if (!trimmed.StartsWith('{'))
        {
            error = "not a JSON object; a YAML SeccompProfile must be converted to JSON first "
                + "(yq -o json FILE, or kubectl get seccompprofile NAME -o json)";
            return false;
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) as JsonObject
                ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            error = $"not valid JSON: {e.Message}";
            return false;
        }

        try
        {
            return TryReadObject(root, out profile, out error);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
        {
            error = $"unexpected value: {e.Message}";
            return false;
        }
    }

    private static bool TryReadObject(JsonObject root, out SourceProfile? profile, out string error)
    {
        profile = null;
        JsonObject? seccomp;
        if (root["kind"] is JsonValue kind)
        {
            if ((string?)kind != "SeccompProfile")
            {
                error = $"kind \"{NotifyConversion.Clip((string?)kind ?? string.Empty)}\" is not SeccompProfile";
                return false;
            }

            seccomp = root["spec"] as JsonObject;
            if (seccomp?["baseProfileName"] is JsonValue baseName)
            {
                error = $"spec.baseProfileName \"{NotifyConversion.Clip((string?)baseName ?? string.Empty)}\" names a profile in the cluster, which cannot be resolved offline: "
                    + "merge it into this profile first";
                return false;
            }
        }
        else
        {
            seccomp = root["linux"] is JsonObject linux ? linux["seccomp"] as JsonObject : root;
        }

        if (seccomp?["defaultAction"] is not JsonValue defaultAction)
        {
            error = "no defaultAction (expected a linux.seccomp object, an OCI config.json with one, or a SeccompProfile)";
            return false;
        }

        var rules = new List<SourceRule>();
        foreach (JsonNode? node in seccomp["syscalls"] as JsonArray ?? [])
        {
            if (node is not JsonObject rule || rule["action"] is not JsonValue action)
            {
                error = "a syscalls[] entry without an action";
                return false;
            }

            string[] names = rule["names"] is JsonArray list ? [.. list.Select(n => (string?)n ?? string.Empty)]
                : rule["name"] is JsonValue one ? [(string?)one ?? string.Empty] : [];
            var args = new List<ArgCondition>();
            foreach (JsonNode? arg in rule["args"] as JsonArray ?? [])
            {
                if (!TryReadArg(arg as JsonObject, out ArgCondition condition))
                {
                    error = $"syscalls[] {NotifyConversion.Clip(string.Join(",", names))}: bad args entry (index 0-5, value, valueTwo, op SCMP_CMP_*)";
                    return false;
                }

                args.Add(condition);
            }

            rules.Add(new SourceRule(names, (string)action!, (int?)rule["errnoRet"], args));
        }

        string[] architectures = [.. (seccomp["architectures"] as JsonArray ?? []).Select(a => (string?)a ?? string.Empty)];
        profile = new SourceProfile((string)defaultAction!, (int?)seccomp["defaultErrnoRet"], architectures, rules);
        error = string.Empty;
        return true;
    }

    private static bool TryReadArg(JsonObject? arg, out ArgCondition condition)
    {
        condition = default;
        if (arg?["index"] is not JsonValue index || arg["value"] is not JsonValue value || arg["op"] is not JsonValue op
            || (uint)index > ArgCondition.MaxIndex || !ArgOperatorNames.TryParseOci((string?)op, out ArgOperator parsed))
        {
            return false;
        }

        condition = new ArgCondition((int)(uint)index, parsed, (ulong)value, (ulong?)arg["valueTwo"] ?? 0);
        return true;
    }
}
