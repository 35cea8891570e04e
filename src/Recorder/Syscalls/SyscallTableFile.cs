using System.Globalization;

namespace SeccompRecorder.Syscalls;

/// <summary>
/// One arch's syscall table as <c>tools/gen-syscall-tables.py</c> writes it to
/// <c>Syscalls/Tables/&lt;arch&gt;.tsv</c> and the build embeds it: <c>#</c> comment lines, then one
/// <c>nr&lt;TAB&gt;name</c> line per call. Data rather than generated code, so a table update diffs as
/// added lines and five arches are not five copies of one method (issue 10 point 7).
/// </summary>
internal static class SyscallTableFile
{
    /// <summary>The embedded table of libseccomp arch <paramref name="archName"/>, in file order.</summary>
    /// <exception cref="InvalidOperationException">The build embedded no such table, or it does not
    /// parse (a generator or build bug: <see cref="SyscallTable"/> would fail to initialise).</exception>
    public static (int Nr, string Name)[] Load(string archName)
    {
        string resource = $"SeccompRecorder.Syscalls.Tables.{archName}.tsv";
        using Stream stream = typeof(SyscallTableFile).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Syscall table {resource} is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), resource);
    }

    /// <summary>Parses a table's text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidOperationException">A line is neither a comment nor <c>nr&lt;TAB&gt;name</c>
    /// with a non-negative decimal number and a name of <c>[a-z0-9_]</c>.</exception>
    public static (int Nr, string Name)[] Parse(string text, string source)
    {
        var entries = new List<(int, string)>(512);
        int lineNumber = 0;
        foreach (ReadOnlySpan<char> line in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            int tab = line.IndexOf('\t');
            if (tab <= 0
                || !int.TryParse(line[..tab], NumberStyles.None, CultureInfo.InvariantCulture, out int nr)
                || !IsName(line[(tab + 1)..]))
            {
                throw new InvalidOperationException($"{source} line {lineNumber} is not 'nr<TAB>name'.");
            }

            entries.Add((nr, line[(tab + 1)..].ToString()));
        }

        return [.. entries];
    }

    private static bool IsName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
