using System.Text;

namespace SeccompRecorder.Cli.Output;

/// <summary>"key:   value" lines with the values aligned, as <c>show</c> and <c>status</c> print them. Values are escaped.</summary>
internal static class KeyValueText
{
    public static string Render(IReadOnlyList<(string Key, string Value)> fields)
    {
        int width = fields.Max(f => f.Key.Length) + 1;
        var builder = new StringBuilder();
        foreach ((string key, string value) in fields)
        {
            builder.Append(key).Append(':');
            if (value.Length > 0)
            {
                builder.Append(' ', width - key.Length + 2).Append(TextEscaper.Escape(value));
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }
}
