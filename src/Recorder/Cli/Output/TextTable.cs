using System.Text;

namespace SeccompRecorder.Cli.Output;

/// <summary>
/// Columns as docker ps and crictl print them: a header in capitals, cells padded to the widest one with
/// three spaces between columns, no borders, no trailing spaces. Cells are escaped here, so no value can
/// add a line.
/// </summary>
internal static class TextTable
{
    private const int Gap = 3;

    /// <param name="escape">How cells are escaped: <see cref="TextEscaper.Escape"/> unless they are text the daemon
    /// already escaped (<see cref="TextEscaper.EscapeEscaped"/>).</param>
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, Func<string, string>? escape = null)
    {
        escape ??= TextEscaper.Escape;
        List<string[]> lines = [[.. headers]];
        foreach (IReadOnlyList<string> row in rows)
        {
            if (row.Count != headers.Count)
            {
                throw new ArgumentException($"a row has {row.Count} cells for {headers.Count} columns", nameof(rows));
            }

            lines.Add(row.Select(escape).ToArray());
        }

        // Width in UTF-16 units: right for the ASCII the daemon mostly sends; wide characters only shift their own row.
        int[] widths = new int[headers.Count];
        foreach (string[] line in lines)
        {
            for (int i = 0; i < line.Length; i++)
            {
                widths[i] = Math.Max(widths[i], line[i].Length);
            }
        }

        var builder = new StringBuilder();
        foreach (string[] line in lines)
        {
            AppendLine(builder, line, widths);
        }

        return builder.ToString();
    }

    private static void AppendLine(StringBuilder builder, string[] cells, int[] widths)
    {
        for (int i = 0; i < cells.Length; i++)
        {
            builder.Append(cells[i]);
            if (i < cells.Length - 1)
            {
                builder.Append(' ', widths[i] - cells[i].Length + Gap);
            }
        }

        // Trailing empty cells would otherwise leave the padding before them at the end of the line.
        int end = builder.Length;
        while (end > 0 && builder[end - 1] == ' ')
        {
            end--;
        }

        builder.Length = end;
        builder.Append('\n');
    }
}
