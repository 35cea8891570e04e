using System.Buffers;
using System.Text.Json;
using SeccompRecorder.Recording.Paths;

namespace SeccompRecorder.Storage;

/// <summary>
/// The paths column of syscalls (and a hand-over's copy of it):
/// <c>{"paths":[[base64 bytes, truncated, count], ...], "other": N, "unread": N}</c>. Bytes as base64: a path is bytes,
/// not text, and comes back as it was read.
/// </summary>
internal static class PathsJson
{
    public static string Write(PathSnapshot paths)
    {
        ArrayBufferWriter<byte> buffer = new();
        using (Utf8JsonWriter writer = new(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("paths");
            foreach (PathCount path in paths.Paths)
            {
                writer.WriteStartArray();
                writer.WriteBase64StringValue(path.Bytes);
                writer.WriteBooleanValue(path.Truncated);
                writer.WriteNumberValue(path.Count);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteNumber("other", paths.Other);
            writer.WriteNumber("unread", paths.Unread);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <exception cref="JsonException">Not the object <see cref="Write"/> makes.</exception>
    /// <exception cref="InvalidOperationException">A member of the wrong JSON type.</exception>
    /// <exception cref="FormatException">A path that is not base64.</exception>
    public static PathSnapshot Read(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        List<PathCount> paths = [];
        foreach (JsonElement path in root.GetProperty("paths").EnumerateArray())
        {
            if (path.GetArrayLength() != 3)
            {
                throw new JsonException("A path is not a [bytes, truncated, count] triple.");
            }

            paths.Add(new PathCount(path[0].GetBytesFromBase64(), path[1].GetBoolean(), path[2].GetInt64()));
        }

        return new PathSnapshot(paths, root.GetProperty("other").GetInt64(), root.GetProperty("unread").GetInt64());
    }
}
