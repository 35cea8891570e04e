using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SeccompRecorder.Tests.Deploy;
using SeccompRecorder.Tests.Integration;
using Xunit;

namespace SeccompRecorder.Tests.Metrics;

/// <summary>
/// deploy/grafana's dashboard and deploy/prometheus's alert rules against a real Prometheus that scraped a real daemon
/// recording real runc containers (<see cref="ScrapedRecorder"/>). Each variable's query is run as Grafana runs it
/// (label values over the dashboard's range), its value substituted as Grafana substitutes it, and every panel and
/// annotation query then run as Grafana runs it (an instant query for a stat or table, a range query for a time
/// series): each must return data.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed partial class DashboardAgainstPrometheusTests : IClassFixture<ScrapedRecorder>
{
    // What Grafana uses for this short range on a data source whose scrape interval setting is the server's 1 s: the
    // step and $__interval are that interval, $__rate_interval four of them (Grafana's floor).
    private const string RateInterval = "4s";
    private const int StepSeconds = 1;

    private readonly RuncEnvironment _env;
    private readonly ScrapedRecorder _scraped;
    private readonly GrafanaDashboard _dashboard = GrafanaDashboard.Load();

    public DashboardAgainstPrometheusTests(RuncEnvironment env, ScrapedRecorder scraped)
    {
        _env = env;
        _scraped = scraped;
    }

    [Fact]
    public async Task Dashboard_VariablesAtTheirDefaults_EveryQueryReturnsData()
    {
        await _scraped.StartAsync(_env);
        (DateTimeOffset start, DateTimeOffset end) = Range();

        // As Grafana loads the dashboard: a multi-value variable on "All", a single-value one on its first value.
        Dictionary<string, VariableSelection> selections = await SelectAsync(start, end, (variable, values) =>
            variable.Multi ? new VariableSelection(variable, All: true, values) : new VariableSelection(variable, All: false, [values[0]]));

        Assert.Equal([ScrapedRecorder.Job], selections["job"].Values);
        Assert.Equal([_scraped.Instance], selections["instance"].Values);
        Assert.Equal([ScrapedRecorder.Namespace], selections["namespace"].Values);
        Assert.Equal([ScrapedRecorder.LogId, ScrapedRecorder.RecordId, ScrapedRecorder.StopId], selections["container"].Values);
        await AssertEveryQueryReturnsDataAsync(selections, start, end, containers: null);
    }

    [Fact]
    public async Task Dashboard_TwoContainersPicked_EveryQueryReturnsDataOfThoseOnly()
    {
        await _scraped.StartAsync(_env);
        (DateTimeOffset start, DateTimeOffset end) = Range();
        string[] picked = [ScrapedRecorder.LogId, ScrapedRecorder.StopId];

        // Values picked one by one: regex-escaped (the instance's dots), two containers joined as (a|b).
        Dictionary<string, VariableSelection> selections = await SelectAsync(start, end, (variable, values) => variable.Name switch
        {
            "container" => new VariableSelection(variable, All: false, picked),
            "namespace" => new VariableSelection(variable, All: false, [ScrapedRecorder.Namespace]),
            _ => new VariableSelection(variable, All: false, [values[0]]),
        });

        Assert.Equal($"({picked[0]}|{picked[1]})", selections["container"].Format());
        Assert.Equal(GrafanaDashboard.RegexEscape(_scraped.Instance), selections["instance"].Format());
        await AssertEveryQueryReturnsDataAsync(selections, start, end, containers: picked);
    }

    [Fact]
    public async Task AlertRules_LoadedIntoPrometheus_EvaluateCleanlyAndFireForWhatHappened()
    {
        await _scraped.StartAsync(_env);
        string[] expected = ["SeccompRecorderContainerStopped", "SeccompRecorderRuntimeConnectionsRejected", "SeccompRecorderViolations"];

        JsonElement alerts = (await Poll.UntilAsync(
            async ct => await _scraped.Prometheus.GetDataAsync("api/v1/alerts", ct) is { } data
                && expected.All(name => Firing(data).Any(a => a.Name == name)) ? new[] { data } : null,
            () => $"the alerts for what the containers did are firing (prometheus:\n{_scraped.Prometheus.Output})"))[0];
        JsonElement rules = (await _scraped.Prometheus.GetDataAsync("api/v1/rules", CancellationToken.None).WaitAsync(TestTimeouts.Default))!.Value;
        JsonElement[] loaded = [.. rules.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray())];
        (string Name, JsonElement Labels)[] firing = [.. Firing(alerts)];

        Assert.Equal(7, loaded.Length);
        Assert.All(loaded, rule => Assert.True(
            rule.GetProperty("health").GetString() == "ok",
            $"{rule.GetProperty("name").GetString()}: {rule.GetProperty("health").GetString()} {(rule.TryGetProperty("lastError", out JsonElement error) ? error.GetString() : null)}"));
        // Only what happened fires: nothing is down, slow, short of fds or failing to write (those have a for: too).
        Assert.Equal(expected, firing.Select(a => a.Name).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(
            [(ScrapedRecorder.LogId, "chroot"), (ScrapedRecorder.StopId, "chroot")],
            firing.Where(a => a.Name == "SeccompRecorderViolations").Select(a => (Label(a.Labels, "container"), Label(a.Labels, "syscall"))).Order());
        Assert.Equal(["invalid_state"], firing.Where(a => a.Name == "SeccompRecorderRuntimeConnectionsRejected").Select(a => Label(a.Labels, "reason")));
    }

    private (DateTimeOffset Start, DateTimeOffset End) Range() => (_scraped.Started.AddSeconds(-StepSeconds), DateTimeOffset.UtcNow);

    /// <summary>
    /// Each query variable in order, as Grafana refreshes them: its label_values(...) run with the earlier ones
    /// substituted, which must find values; then <paramref name="choose"/> picks from them (sorted, as sort: 1 does).
    /// </summary>
    private async Task<Dictionary<string, VariableSelection>> SelectAsync(
        DateTimeOffset start, DateTimeOffset end, Func<DashboardVariable, IReadOnlyList<string>, VariableSelection> choose)
    {
        Dictionary<string, VariableSelection> selections = new(StringComparer.Ordinal);
        foreach (DashboardVariable variable in _dashboard.Variables.Where(v => v.Type == "query"))
        {
            Match labelValues = LabelValues().Match(GrafanaDashboard.Interpolate(variable.Query!, selections, BuiltIns(start, end)));
            Assert.True(labelValues.Success, $"${variable.Name}: {variable.Query} is not label_values(selector, label)");
            JsonElement data = (await _scraped.Prometheus.GetDataAsync(
                $"api/v1/label/{labelValues.Groups["label"].Value}/values?match[]={Uri.EscapeDataString(labelValues.Groups["selector"].Value)}&start={Unix(start)}&end={Unix(end)}",
                CancellationToken.None).WaitAsync(TestTimeouts.Default))!.Value;
            string[] values = [.. data.EnumerateArray().Select(v => v.GetString()!).Order(StringComparer.Ordinal)];
            Assert.True(values.Length > 0, $"${variable.Name}: {labelValues.Value} found no values");
            selections[variable.Name] = choose(variable, values);
        }

        return selections;
    }

    private async Task AssertEveryQueryReturnsDataAsync(
        Dictionary<string, VariableSelection> selections, DateTimeOffset start, DateTimeOffset end, string[]? containers)
    {
        List<string> failures = [];
        IReadOnlyList<DashboardQuery> queries = _dashboard.Queries;
        foreach (DashboardQuery query in queries)
        {
            string promql = GrafanaDashboard.Interpolate(query.Expr, selections, BuiltIns(start, end));
            string path = query.Instant
                ? $"api/v1/query?query={Uri.EscapeDataString(promql)}&time={Unix(end)}"
                : $"api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={Unix(start)}&end={Unix(end)}&step={StepSeconds}";
            JsonElement data = (await _scraped.Prometheus.GetDataAsync(path, CancellationToken.None).WaitAsync(TestTimeouts.Default))!.Value;
            JsonElement[] series = [.. data.GetProperty("result").EnumerateArray()];
            double[] values = [.. series.SelectMany(Values)];
            if (!values.Any(double.IsFinite))
            {
                failures.Add($"{query.Where}: no data for {promql} ({series.Length} series, values {string.Join(' ', values.Take(5))})");
            }

            string[] others = containers is null ? [] : [.. series.Select(s => Label(s.GetProperty("metric"), "container")).OfType<string>().Where(c => !containers.Contains(c))];
            if (others.Length > 0)
            {
                failures.Add($"{query.Where}: {promql} returned containers not picked: {string.Join(' ', others)}");
            }
        }

        Assert.True(queries.Count >= 20, $"{queries.Count} queries");
        Assert.True(failures.Count == 0, string.Join('\n', failures) + $"\n(daemon:\n{_scraped.DaemonOutput})");
    }

    private static Dictionary<string, string> BuiltIns(DateTimeOffset start, DateTimeOffset end) => new(StringComparer.Ordinal)
    {
        ["__rate_interval"] = RateInterval,
        ["__interval"] = $"{StepSeconds}s",
        ["__range"] = $"{(long)Math.Ceiling((end - start).TotalSeconds)}s",
    };

    /// <summary>An instant vector's one value or a matrix's values, as numbers ("NaN" is a value without data).</summary>
    private static IEnumerable<double> Values(JsonElement series) =>
        (series.TryGetProperty("value", out JsonElement one) ? new[] { one } : [.. series.GetProperty("values").EnumerateArray()])
            .Select(point => double.Parse(point[1].GetString()!, CultureInfo.InvariantCulture));

    private static IEnumerable<(string Name, JsonElement Labels)> Firing(JsonElement alerts) =>
        alerts.GetProperty("alerts").EnumerateArray()
            .Where(a => a.GetProperty("state").GetString() == "firing")
            .Select(a => (Label(a.GetProperty("labels"), "alertname")!, a.GetProperty("labels")));

    private static string? Label(JsonElement labels, string name) => labels.TryGetProperty(name, out JsonElement value) ? value.GetString() : null;

    private static string Unix(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^label_values\((?<selector>.+),\s*(?<label>\w+)\)$")]
    private static partial Regex LabelValues();
}
