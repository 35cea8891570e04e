using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SeccompRecorder.Tests.Deploy;

/// <summary>
/// deploy/grafana/seccomp-recorder.json read as Grafana reads a classic dashboard model: its panels (rows' nested ones
/// too), their queries, the annotation queries, the template variables, and the interpolation of variables into
/// PromQL the way Grafana's Prometheus data source does it. No Grafana runs here (Debian 12 has none): the shape is
/// checked by GrafanaDashboardTests and every query is run against a real Prometheus by DashboardAgainstPrometheusTests.
/// </summary>
internal sealed partial class GrafanaDashboard
{
    /// <summary>What Grafana substitutes itself (the ones the dashboard may use).</summary>
    public static readonly IReadOnlySet<string> BuiltIns = new HashSet<string>(StringComparer.Ordinal) { "__rate_interval", "__interval", "__range" };

    private GrafanaDashboard(JsonElement root) => Root = root;

    public static string FilePath => Path.Combine(RepoPaths.Root, "deploy", "grafana", "seccomp-recorder.json");

    public JsonElement Root { get; }

    /// <summary>Every panel, the rows and the panels a collapsed row holds included.</summary>
    public IReadOnlyList<JsonElement> Panels =>
        [.. Root.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.TryGetProperty("panels", out JsonElement nested) ? nested.EnumerateArray().Prepend(p) : [p])];

    public IReadOnlyList<DashboardVariable> Variables =>
        [.. Root.GetProperty("templating").GetProperty("list").EnumerateArray().Select(DashboardVariable.From)];

    /// <summary>Every PromQL query: each panel target's, then each Prometheus annotation's.</summary>
    public IReadOnlyList<DashboardQuery> Queries
    {
        get
        {
            List<DashboardQuery> queries = [];
            foreach (JsonElement panel in Panels.Where(p => p.TryGetProperty("targets", out _)))
            {
                foreach (JsonElement target in panel.GetProperty("targets").EnumerateArray())
                {
                    queries.Add(new DashboardQuery(
                        $"panel {panel.GetProperty("id").GetInt32()} \"{panel.GetProperty("title").GetString()}\" target {target.GetProperty("refId").GetString()}",
                        target.GetProperty("expr").GetString() ?? string.Empty,
                        target.TryGetProperty("instant", out JsonElement instant) && instant.GetBoolean()));
                }
            }

            foreach (JsonElement annotation in Root.GetProperty("annotations").GetProperty("list").EnumerateArray().Where(a => a.TryGetProperty("expr", out _)))
            {
                queries.Add(new DashboardQuery($"annotation \"{annotation.GetProperty("name").GetString()}\"", annotation.GetProperty("expr").GetString() ?? string.Empty, Instant: false));
            }

            return queries;
        }
    }

    public static GrafanaDashboard Load()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(FilePath));
        return new GrafanaDashboard(document.RootElement.Clone());
    }

    /// <summary>The variable names <paramref name="text"/> refers to: <c>$name</c>, <c>${name}</c>, <c>${name:format}</c>, <c>[[name]]</c>.</summary>
    public static IEnumerable<string> References(string text) =>
        VariableReference().Matches(text).Select(m => m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Success ? m.Groups["plain"].Value : m.Groups["old"].Value);

    /// <summary>
    /// <paramref name="text"/> with every variable replaced as Grafana's Prometheus data source replaces it: a single-value
    /// variable as it is (backslashes and quotes escaped for a PromQL string), a multi-value or "All" one as a regex
    /// (each value regex-escaped, several joined as <c>(a|b)</c>, "All" as its allValue); built-ins from
    /// <paramref name="builtIns"/>. An unknown name or a format (<c>${name:csv}</c>) throws: the dashboard uses neither.
    /// </summary>
    public static string Interpolate(string text, IReadOnlyDictionary<string, VariableSelection> selections, IReadOnlyDictionary<string, string> builtIns) =>
        VariableReference().Replace(text, match =>
        {
            if (match.Groups["format"].Success)
            {
                throw new InvalidOperationException($"{match.Value}: no format is interpolated here");
            }

            string name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["plain"].Success ? match.Groups["plain"].Value : match.Groups["old"].Value;
            if (builtIns.TryGetValue(name, out string? builtIn))
            {
                return builtIn;
            }

            if (!selections.TryGetValue(name, out VariableSelection? selection))
            {
                throw new InvalidOperationException($"{match.Value}: no value selected for it");
            }

            return selection.Format();
        });

    /// <summary>A value regex-escaped inside a PromQL double-quoted string: <c>a.b</c> becomes <c>a\\.b</c>.</summary>
    public static string RegexEscape(string value)
    {
        StringBuilder escaped = new(value.Length + 8);
        foreach (char c in value)
        {
            if (c == '\\')
            {
                escaped.Append(@"\\\\");
            }
            else if (@"$^*{}[]'+?.()|".Contains(c, StringComparison.Ordinal))
            {
                escaped.Append(@"\\").Append(c);
            }
            else
            {
                escaped.Append(c == '"' ? "\\\"" : c.ToString());
            }
        }

        return escaped.ToString();
    }

    /// <summary>A value inside a PromQL double-quoted string, as it is.</summary>
    public static string StringEscape(string value) => value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    // Longest names first is the regex's own greed: $__rate_interval never reads as $__range.
    [GeneratedRegex(@"\$\{(?<braced>\w+)(?::(?<format>\w+))?\}|\$(?<plain>\w+)|\[\[(?<old>\w+)\]\]")]
    private static partial Regex VariableReference();
}
