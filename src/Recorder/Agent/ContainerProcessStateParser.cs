using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace SeccompRecorder.Agent;

/// <summary>
/// Parses the listener message. Pure: bytes in, a state or a reason out. Tolerates what real runtimes send: runc's
/// compact JSON, crun's pretty-printed JSON with ociVersion "0.2.0", a missing metadata, unknown fields.
/// <code>
/// {"ociVersion":"1.0.2-dev","fds":["seccompFd"],"pid":3954,"metadata":"policy=log",
///  "state":{"ociVersion":"1.0.2-dev","id":"c1","status":"creating","pid":3954,"bundle":"/b","annotations":{...}}}
/// </code>
/// </summary>
internal static class ContainerProcessStateParser
{
    /// <summary>Container ids become map keys, labels and (later) file names: bounded and printable.</summary>
    public const int MaxIdLength = 1024;

    /// <summary>Kubernetes' longest qualified name: a 253-character DNS prefix, '/', a 63-character name.</summary>
    public const int MaxAnnotationKeyLength = 317;

    /// <summary>Kubernetes caps a pod's annotations, keys and values together, at 256 KiB (UTF-8 bytes).</summary>
    public const int MaxAnnotationBytes = 256 * 1024;

    /// <summary>The real message nests three levels; anything deeper is not a runtime talking.</summary>
    public const int MaxDepth = 16;

    private static readonly JsonDocumentOptions s_options = new()
    {
        MaxDepth = MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    public static bool TryParse(ReadOnlyMemory<byte> utf8, out ContainerProcessState? state, out string error)
    {
        state = null;

        // System.Text.Json checks UTF-8 only when a string is read, and then throws InvalidOperationException.
        if (!Utf8.IsValid(utf8.Span))
        {
            error = "the message is not valid UTF-8";
            return false;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(utf8, s_options);
            return TryRead(document.RootElement, out state, out error);
        }
        catch (JsonException e)
        {
            error = $"invalid JSON: {e.Message}";
            return false;
        }
    }

    private static bool TryRead(JsonElement root, out ContainerProcessState? state, out string error)
    {
        state = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "the message is not a JSON object";
            return false;
        }

        if (!TryString(root, "ociVersion", required: true, out string ociVersion, out error)
            || !TryStringArray(root, "fds", out List<string> fds, out error)
            || !TryPid(root, "pid", out int pid, out error)
            || !TryString(root, "metadata", required: false, out string metadata, out error))
        {
            return false;
        }

        if (!root.TryGetProperty("state", out JsonElement stateElement) || stateElement.ValueKind != JsonValueKind.Object)
        {
            error = "\"state\" is missing or not an object";
            return false;
        }

        if (!TryReadState(stateElement, out OciState? oci, out error))
        {
            return false;
        }

        // crun 1.8 sends pid 0 and state.pid 0 for an exec (its helper does not know them): the exec is still served,
        // and joins its container by id. An init ("creating") always names the process that installed the filter.
        if (!oci!.IsExec && (pid == 0 || oci.Pid == 0 && stateElement.TryGetProperty("pid", out _)))
        {
            error = pid == 0 ? "\"pid\" is missing or not a positive integer" : "state.\"pid\" is missing or not a positive integer";
            return false;
        }

        state = new ContainerProcessState(ociVersion, fds, pid, metadata, oci);
        return true;
    }

    private static bool TryReadState(JsonElement element, out OciState? state, out string error)
    {
        state = null;
        if (!TryString(element, "ociVersion", required: true, out string ociVersion, out error)
            || !TryString(element, "id", required: true, out string id, out error)
            || !TryString(element, "status", required: true, out string status, out error)
            || !TryString(element, "bundle", required: false, out string bundle, out error)
            || !TryAnnotations(element, out Dictionary<string, string> annotations, out error))
        {
            return false;
        }

        // runc allows ^[\w+-\.]+$; the spec says nothing. Wider than runc, but never a path: no '/', no "." or "..".
        if (id.Length == 0 || id.Length > MaxIdLength || id.Any(char.IsControl) || id.Contains('/') || id is "." or "..")
        {
            error = $"state.id must be 1 to {MaxIdLength} printable characters, without '/', and not \".\" or \"..\"";
            return false;
        }

        // state.pid is optional in the spec ("when the container is created or running on Linux" it is set).
        int pid = 0;
        if (element.TryGetProperty("pid", out _) && !TryPid(element, "pid", out pid, out error))
        {
            error = "state." + error;
            return false;
        }

        state = new OciState(ociVersion, id, status, pid, bundle, annotations);
        return true;
    }

    private static bool TryString(JsonElement parent, string name, bool required, out string value, out string error)
    {
        value = string.Empty;
        error = string.Empty;
        if (!parent.TryGetProperty(name, out JsonElement element))
        {
            error = required ? $"\"{name}\" is missing" : string.Empty;
            return !required;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"\"{name}\" is not a string";
            return false;
        }

        value = element.GetString()!;
        return true;
    }

    private static bool TryStringArray(JsonElement parent, string name, out List<string> values, out string error)
    {
        values = [];
        error = string.Empty;
        if (!parent.TryGetProperty(name, out JsonElement element) || element.ValueKind != JsonValueKind.Array)
        {
            error = $"\"{name}\" is missing or not an array";
            return false;
        }

        foreach (JsonElement item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                error = $"\"{name}\" has an entry that is not a string";
                return false;
            }

            values.Add(item.GetString()!);
        }

        return true;
    }

    private static bool TryPid(JsonElement parent, string name, out int pid, out string error)
    {
        pid = 0;
        error = string.Empty;
        if (!parent.TryGetProperty(name, out JsonElement element) || element.ValueKind != JsonValueKind.Number
            || !element.TryGetInt32(out pid) || pid < 0)
        {
            error = $"\"{name}\" is missing or not a positive integer";
            return false;
        }

        return true;
    }

    private static bool TryAnnotations(JsonElement parent, out Dictionary<string, string> annotations, out string error)
    {
        annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        error = string.Empty;
        if (!parent.TryGetProperty("annotations", out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            error = "\"state.annotations\" is not an object";
            return false;
        }

        long totalBytes = 0;
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                error = $"annotation \"{property.Name}\" is not a string";
                return false;
            }

            if (property.Name.Length is 0 or > MaxAnnotationKeyLength)
            {
                error = $"an annotation key is empty or longer than {MaxAnnotationKeyLength} characters";
                return false;
            }

            string value = property.Value.GetString()!;
            totalBytes += Encoding.UTF8.GetByteCount(property.Name) + Encoding.UTF8.GetByteCount(value);
            if (totalBytes > MaxAnnotationBytes)
            {
                error = $"annotations exceed {MaxAnnotationBytes} bytes";
                return false;
            }

            annotations[property.Name] = value;
        }

        return true;
    }
}
