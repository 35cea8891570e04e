using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SeccompRecorder.Cli.Output;

/// <summary>
/// One JSON document as text, written field by field with <see cref="Utf8JsonWriter"/>: the field order is
/// the code's order, and no reflection is involved.
/// </summary>
internal static class JsonText
{
    public static string Write(bool indented, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions
        {
            Indented = indented,
            NewLine = "\n",
            // The reader is a terminal, jq or a script, never an HTML page: "+" and quotes need not become \u002B and \u0022.
            // Control characters are still escaped, so the text stays on its line.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    public static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            writer.WriteString(name, TimeFormat.Rfc3339(t));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
