using System.Text.RegularExpressions;

namespace SeccompRecorder.Tests.Structure;

// The text half: using directives and qualified names in src/Recorder's .cs files.
internal static partial class AreaReferences
{
    private static IEnumerable<Reference> FromSources(string recorderRoot)
    {
        var found = new HashSet<(string From, string To, string Evidence)>();
        foreach (string file in SourceFiles(recorderRoot))
        {
            string relative = Path.GetRelativePath(recorderRoot, file);
            string from = AreaOfFile(relative);
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].TrimStart();
                if (line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith('*'))
                {
                    continue;
                }

                foreach (Match match in QualifiedName().Matches(line))
                {
                    string to = match.Groups["api"].Success ? ProtoArea
                        : match.Groups["native"].Success ? NativeArea
                        : match.Groups["area"].Value;
                    if (to != from)
                    {
                        found.Add((from, to, $"{relative}:{i + 1}: {line.Trim()}"));
                    }
                }
            }
        }

        return found.Select(f => new Reference(f.From, f.To, f.Evidence));
    }

    /// <summary>The .cs files of src/Recorder, without bin/ and obj/.</summary>
    public static IEnumerable<string> SourceFiles(string recorderRoot) =>
        Directory.EnumerateFiles(recorderRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f =>
            {
                string first = Path.GetRelativePath(recorderRoot, f).Split(Path.DirectorySeparatorChar)[0];
                return first is not ("bin" or "obj");
            })
            .Order(StringComparer.Ordinal);

    /// <summary>The area of a file given relative to src/Recorder: its top-level folder.</summary>
    public static string AreaOfFile(string relative)
    {
        string[] parts = relative.Split(Path.DirectorySeparatorChar);
        return parts.Length > 1 ? parts[0] : relative == "Program.cs" ? ProgramArea : RootArea;
    }

    // using SeccompRecorder.X; using static SeccompRecorder.X.Y; using A = SeccompRecorder.X.Y; and
    // SeccompRecorder.X.Y written out in code. The namespace ends at a word boundary (not "SeccompRecorderX").
    [GeneratedRegex(@"(?<![\w.])(?:global::)?SeccompRecorder\.(?:(?<api>Api)|(?<native>Native)|(?<area>[A-Z]\w*))\b")]
    private static partial Regex QualifiedName();
}
