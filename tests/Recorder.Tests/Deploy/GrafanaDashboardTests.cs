using System.Text.Json;
using System.Text.RegularExpressions;
using SeccompRecorder.Demo;
using SeccompRecorder.Tests.Metrics;
using SeccompRecorder.Tests.Native;
using Xunit;

namespace SeccompRecorder.Tests.Deploy;

/// <summary>
/// deploy/grafana/seccomp-recorder.json has the shape of a classic Grafana dashboard model, since no Grafana can load it
/// here: unique panel ids on the 24-column grid, a query on every panel, every variable it uses defined, metric names
/// the daemon exports, PromQL that Prometheus's parser takes. That each query returns data from a real Prometheus:
/// DashboardAgainstPrometheusTests.
/// </summary>
public sealed partial class GrafanaDashboardTests
{
    private static readonly string[] s_panelTypes = ["row", "stat", "table", "timeseries"];
    private readonly GrafanaDashboard _dashboard = GrafanaDashboard.Load();

    [Fact]
    public void Dashboard_TopLevel_IsAClassicDashboardModel()
    {
        JsonElement root = _dashboard.Root;

        Assert.Equal(JsonValueKind.Null, root.GetProperty("id").ValueKind); // assigned by the Grafana that imports it
        Assert.Matches("^[A-Za-z0-9_-]{1,40}$", root.GetProperty("uid").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));
        Assert.InRange(root.GetProperty("schemaVersion").GetInt32(), 36, 41);
        Assert.True(root.GetProperty("version").GetInt32() >= 1);
        Assert.Equal(JsonValueKind.True, root.GetProperty("editable").ValueKind);
        Assert.All(root.GetProperty("tags").EnumerateArray(), t => Assert.Equal(JsonValueKind.String, t.ValueKind));
        Assert.StartsWith("now-", root.GetProperty("time").GetProperty("from").GetString(), StringComparison.Ordinal);
        Assert.Equal("now", root.GetProperty("time").GetProperty("to").GetString());
        Assert.Matches("^[0-9]+[smhd]$", root.GetProperty("refresh").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("templating").GetProperty("list").ValueKind);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("annotations").GetProperty("list").ValueKind);

        // What an import checks before anything else: Grafana, the Prometheus data source, and each panel plugin used.
        string[] requires = [.. root.GetProperty("__requires").EnumerateArray().Select(r => r.GetProperty("type").GetString() + ":" + r.GetProperty("id").GetString())];
        Assert.Contains("grafana:grafana", requires);
        Assert.Contains("datasource:prometheus", requires);
        Assert.All(_dashboard.Panels.Select(p => p.GetProperty("type").GetString()).Distinct(), type => Assert.Contains("panel:" + type, requires));
    }

    [Fact]
    public void Panels_Ids_UniqueIntegers()
    {
        int[] ids = [.. _dashboard.Panels.Select(p => p.GetProperty("id").GetInt32())];

        Assert.True(ids.Length >= 10, $"{ids.Length} panels");
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void Panels_GridPos_OnTheGridWithoutOverlap()
    {
        List<(int Id, int X, int Y, int W, int H)> boxes = [];
        foreach (JsonElement panel in _dashboard.Root.GetProperty("panels").EnumerateArray())
        {
            JsonElement grid = panel.GetProperty("gridPos");
            (int id, int x, int y, int w, int h) = (panel.GetProperty("id").GetInt32(), grid.GetProperty("x").GetInt32(), grid.GetProperty("y").GetInt32(), grid.GetProperty("w").GetInt32(), grid.GetProperty("h").GetInt32());
            Assert.True(x >= 0 && y >= 0 && w >= 1 && h >= 1 && x + w <= 24, $"panel {id} at x={x} y={y} w={w} h={h} is off the 24-column grid");
            boxes.Add((id, x, y, w, h));
        }

        foreach ((int Id, int X, int Y, int W, int H) a in boxes)
        {
            foreach ((int Id, int X, int Y, int W, int H) b in boxes.Where(b => b.Id > a.Id))
            {
                bool overlap = a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;
                Assert.False(overlap, $"panels {a.Id} and {b.Id} overlap");
            }
        }
    }

    [Fact]
    public void Panels_EveryPanelButRows_HasQueriesOnTheDataSourceVariable()
    {
        foreach (JsonElement panel in _dashboard.Panels)
        {
            string what = $"panel {panel.GetProperty("id").GetInt32()} \"{panel.GetProperty("title").GetString()}\"";
            string type = panel.GetProperty("type").GetString()!;
            Assert.Contains(type, s_panelTypes);
            Assert.False(string.IsNullOrWhiteSpace(panel.GetProperty("title").GetString()), what);
            if (type == "row")
            {
                Assert.False(panel.TryGetProperty("targets", out _), what);
                continue;
            }

            Assert.False(string.IsNullOrWhiteSpace(panel.GetProperty("description").GetString()), $"{what} says what it shows");
            AssertOnDataSourceVariable(panel.GetProperty("datasource"), what);
            JsonElement[] targets = [.. panel.GetProperty("targets").EnumerateArray()];
            Assert.True(targets.Length > 0, $"{what} has no query");
            Assert.Equal(targets.Length, targets.Select(t => t.GetProperty("refId").GetString()).Distinct().Count());
            foreach (JsonElement target in targets)
            {
                Assert.False(string.IsNullOrWhiteSpace(target.GetProperty("expr").GetString()), $"{what}: an empty query");
                AssertOnDataSourceVariable(target.GetProperty("datasource"), what);
                bool instant = target.GetProperty("instant").GetBoolean();
                Assert.NotEqual(instant, target.GetProperty("range").GetBoolean());
                // A stat or a table shows one value per series, a time series a range.
                Assert.Equal(type is "stat" or "table", instant);
                Assert.Equal(type == "table" ? "table" : null, target.TryGetProperty("format", out JsonElement format) ? format.GetString() : null);
            }
        }
    }

    [Fact]
    public void Variables_EveryOneUsedIsDefinedAndEveryDefinedOneUsed()
    {
        IReadOnlyList<DashboardVariable> variables = _dashboard.Variables;
        HashSet<string> defined = [.. variables.Select(v => v.Name)];
        string[] texts =
        [
            .. _dashboard.Queries.Select(q => q.Expr),
            .. variables.Select(v => v.Query ?? string.Empty),
            .. _dashboard.Panels.Where(p => p.TryGetProperty("datasource", out _)).Select(p => p.GetProperty("datasource").GetRawText()),
        ];
        string[] used = [.. texts.SelectMany(GrafanaDashboard.References).Distinct()];

        Assert.Equal(variables.Count, defined.Count);
        Assert.DoesNotContain(used, name => !defined.Contains(name) && !GrafanaDashboard.BuiltIns.Contains(name));
        Assert.DoesNotContain(defined, name => !used.Contains(name));
    }

    [Fact]
    public void Variables_Queries_LabelValuesOnEarlierVariablesOnly()
    {
        IReadOnlyList<DashboardVariable> variables = _dashboard.Variables;
        DashboardVariable datasource = variables[0];
        Assert.Equal(("datasource", "datasource", "prometheus"), (datasource.Name, datasource.Type, datasource.Query));

        for (int i = 1; i < variables.Count; i++)
        {
            DashboardVariable variable = variables[i];
            Assert.Equal("query", variable.Type);
            AssertOnDataSourceVariable(variable.Element.GetProperty("datasource"), variable.Name);
            Assert.Matches(@"^label_values\(.+, \w+\)$", variable.Query);
            Assert.Equal(variable.Query, variable.Definition);
            // Grafana refreshes a variable when one it names changes: only those before it, so the chain ends.
            Assert.All(GrafanaDashboard.References(variable.Query!), name => Assert.Contains(name, variables.Take(i).Select(v => v.Name)));
            Assert.Equal(variable.Multi, variable.IncludeAll);
            Assert.Equal(variable.Multi ? ".*" : null, variable.AllValue);
        }
    }

    [Fact]
    public void Queries_MultiValueVariables_MatchedAsRegexSingleValueOnesExactly()
    {
        Dictionary<string, DashboardVariable> variables = _dashboard.Variables.ToDictionary(v => v.Name);
        string[] texts = [.. _dashboard.Queries.Select(q => q.Expr), .. _dashboard.Variables.Select(v => v.Query ?? string.Empty)];
        foreach (Match matcher in texts.SelectMany(t => LabelMatcher().Matches(t)))
        {
            DashboardVariable variable = variables[matcher.Groups["variable"].Value];
            // A multi-value or All selection is a regex ("(a|b)", ".*"): with = it would match nothing.
            Assert.True(
                (variable.Multi ? "=~" : "=") == matcher.Groups["op"].Value,
                $"{matcher.Value}: ${variable.Name} is {(variable.Multi ? "multi-value" : "single-value")}");
        }
    }

    [Fact]
    public void Queries_MetricNames_AreFamiliesTheDaemonExports()
    {
        // The families deploy/prometheus/README.md documents (the interface dashboards rely on), plus Prometheus's up.
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "prometheus", "README.md"));
        HashSet<string> families = [.. FamilyRow().Matches(readme).SelectMany(m => BacktickedName().Matches(m.Value)).Select(m => m.Groups[1].Value), "up"];
        string[] texts = [.. _dashboard.Queries.Select(q => q.Expr), .. _dashboard.Variables.Select(v => v.Query ?? string.Empty)];
        string[] names = [.. texts.SelectMany(t => MetricName().Matches(t)).Select(m => m.Value).Distinct()];

        Assert.Contains("seccomp_recorder_syscalls_total", families);
        Assert.NotEmpty(names);
        Assert.DoesNotContain(names, n => !families.Contains(n) && !(n.EndsWith("_bucket", StringComparison.Ordinal) && families.Contains(n[..^"_bucket".Length])));
    }

    [Fact]
    public async Task Queries_EveryVariableSubstituted_PrometheusParsesThem()
    {
        // promtool parses a recording rule's expr with Prometheus's own PromQL parser: one rule per query.
        Dictionary<string, VariableSelection> selections = _dashboard.Variables.Where(v => v.Type == "query").ToDictionary(
            v => v.Name, v => new VariableSelection(v, All: false, v.Multi ? ["a.b", "c"] : ["seccomp-recorder"]));
        Dictionary<string, string> builtIns = new() { ["__rate_interval"] = "1m", ["__interval"] = "15s", ["__range"] = "3600s" };
        string[] exprs = [.. _dashboard.Queries.Select(q => GrafanaDashboard.Interpolate(q.Expr, selections, builtIns))];
        string[] rules = [.. exprs.Select((expr, i) => $"      - record: dashboard:query_{i}\n        expr: {JsonSerializer.Serialize(expr)}")];
        using TempDirectory temp = new();
        string file = temp.CreateFile("dashboard-queries.yml", "groups:\n  - name: dashboard\n    rules:\n" + string.Join('\n', rules) + "\n");

        ProcessResult check = await Promtool.RunAsync("check", "rules", file);

        Assert.True(check.Succeeded, check.ToString());
        Assert.Contains($"{rules.Length} rules found", check.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(exprs, e => e.Contains(@"instance=~""(a\\.b|c)""", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a.b", @"a\\.b")]
    [InlineData("x(1)|y", @"x\\(1\\)\\|y")]
    [InlineData(@"back\slash", @"back\\\\slash")]
    [InlineData("plain-id_7", "plain-id_7")]
    public void RegexEscape_Value_EscapedForARegexInAPromQLString(string value, string expected) =>
        Assert.Equal(expected, GrafanaDashboard.RegexEscape(value));

    private static void AssertOnDataSourceVariable(JsonElement datasource, string what) =>
        Assert.True(
            datasource.GetProperty("type").GetString() == "prometheus" && datasource.GetProperty("uid").GetString() == "${datasource}",
            $"{what} queries {datasource.GetRawText()}, not the dashboard's Prometheus data source variable");

    [GeneratedRegex(@"(?<label>\w+)\s*(?<op>=~|!~|!=|=)\s*""\$\{?(?<variable>\w+)\}?""")]
    private static partial Regex LabelMatcher();

    [GeneratedRegex(@"^\| `[^|]+\|", RegexOptions.Multiline)]
    private static partial Regex FamilyRow();

    [GeneratedRegex("`([a-z_:][a-z0-9_:]*)`")]
    private static partial Regex BacktickedName();

    // Our families' and the process families' names, and Prometheus's up (before its selector, not the word).
    [GeneratedRegex(@"\b(?:seccomp_recorder|process|container_runtime)_[a-z0-9_]+\b|\bup\b(?=\{)")]
    private static partial Regex MetricName();
}
