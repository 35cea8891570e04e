using System.Buffers;
using System.Globalization;
using System.Text;

namespace SeccompRecorder.Cli.Output;

/// <summary>
/// Makes strings from the daemon safe for one table cell: annotations, bundles and ids come from whoever
/// started the container, and a newline, carriage return or escape sequence there must not forge rows or
/// repaint the terminal.
/// </summary>
internal static class TextEscaper
{
    // Bidi overrides and isolates (Trojan Source, CVE-2021-42574) and the Unicode line breaks; C0, DEL and C1 are checked separately.
    private static readonly SearchValues<char> s_special = SearchValues.Create(
        "\\\u2028\u2029\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    /// <summary>Go's %q conventions without the quotes: \n, \r, \t, \\, and \xNN / \uNNNN for the rest.</summary>
    public static string Escape(string value)
    {
        int first = IndexOfSpecial(value);
        if (first < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        builder.Append(value, 0, first);
        for (int i = first; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                case '\r':
                    builder.Append(@"\r");
                    break;
                case '\t':
                    builder.Append(@"\t");
                    break;
                default:
                    if (c < 0x100 && char.IsControl(c))
                    {
                        builder.Append(@"\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else if (s_special.Contains(c))
                    {
                        builder.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// For text the daemon already escaped with backslashes (a path: Recording/Paths/PathText): as it is when nothing but
    /// its backslashes would need escaping, else <see cref="Escape"/> (a daemon that did not escape it).
    /// </summary>
    public static string EscapeEscaped(string value)
    {
        foreach (char c in value)
        {
            if (c != '\\' && (char.IsControl(c) || s_special.Contains(c)))
            {
                return Escape(value);
            }
        }

        return value;
    }

    private static int IndexOfSpecial(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsControl(c) || s_special.Contains(c))
            {
                return i;
            }
        }

        return -1;
    }
}
