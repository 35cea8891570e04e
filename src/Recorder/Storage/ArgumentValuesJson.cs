using System.Buffers;
using System.Text.Json;
using SeccompRecorder.Recording.Arguments;

namespace SeccompRecorder.Storage;

/// <summary>
/// The value_counts column: <c>[[value, count], ...]</c>, a value as its 64 bits read as a signed integer (SQLite's
/// JSON functions and most readers stop at 2^63).
/// </summary>
internal static class ArgumentValuesJson
{
    public static string Write(IReadOnlyList<ArgumentValueCount> values)
    {
        ArrayBufferWriter<byte> buffer = new();
        using (Utf8JsonWriter writer = new(buffer))
        {
            writer.WriteStartArray();
            foreach (ArgumentValueCount value in values)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue((long)value.Value);
                writer.WriteNumberValue(value.Count);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <exception cref="JsonException">Not an array of [integer, integer] pairs.</exception>
    public static List<ArgumentValueCount> Read(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        List<ArgumentValueCount> values = [];
        foreach (JsonElement pair in document.RootElement.EnumerateArray())
        {
            if (pair.GetArrayLength() != 2)
            {
                throw new JsonException("An argument value is not a [value, count] pair.");
            }

            values.Add(new ArgumentValueCount((ulong)pair[0].GetInt64(), pair[1].GetInt64()));
        }

        return values;
    }
}
