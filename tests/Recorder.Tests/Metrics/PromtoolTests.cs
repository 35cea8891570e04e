using System.Text;
using System.Text.Json;
using SeccompRecorder.Demo;
using SeccompRecorder.Metrics;
using Xunit;

namespace SeccompRecorder.Tests.Metrics;

/// <summary>Prometheus's own tools judge what we write: the golden exposition and deploy/prometheus.</summary>
public sealed class PromtoolTests
{
    private static string DeployDir => Path.Combine(RepoPaths.Root, "deploy", "prometheus");

    [Fact]
    public async Task CheckMetrics_GoldenExposition_Clean()
    {
        ProcessResult check = await Promtool.CheckMetricsAsync(RecorderExposition.Serialize(MetricsSamples.Snapshot()).ToArray());

        Assert.True(check.Succeeded && check.StandardOutput.Length == 0 && check.StandardError.Length == 0, check.ToString());
    }

    [Fact]
    public async Task CheckMetrics_DuplicateHelp_Rejected()
    {
        // The checker is not a rubber stamp: a second HELP for one family fails it.
        byte[] broken = Encoding.UTF8.GetBytes("# HELP a_total x\n# TYPE a_total counter\na_total 1\n# HELP a_total y\n");

        ProcessResult check = await Promtool.CheckMetricsAsync(broken);

        Assert.False(check.Succeeded, check.ToString());
    }

    [Fact]
    public async Task CheckConfig_DeployPrometheusYml_ValidWithItsRuleFile()
    {
        ProcessResult check = await Promtool.RunAsync("check", "config", Path.Combine(DeployDir, "prometheus.yml"));

        Assert.True(check.Succeeded, check.ToString());
        Assert.Contains("1 rule files found", check.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckRules_DeployAlertsYml_SevenRules()
    {
        ProcessResult check = await Promtool.RunAsync("check", "rules", Path.Combine(DeployDir, "alerts.yml"));

        Assert.True(check.Succeeded, check.ToString());
        Assert.Contains("7 rules found", check.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRules_DeployAlertsTestYml_EveryAlertFiresWhenItShould()
    {
        // The unit tests operators run too (deploy/prometheus/README.md); their rule_files path is relative to them.
        ProcessResult run = await Promtool.RunAsync("test", "rules", Path.Combine(DeployDir, "alerts_test.yml"));

        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains("SUCCESS", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRules_DeployAlertsTestYml_EachAlertTestedFiringAndNotFiring()
    {
        // Every alert of alerts.yml, and only those, has a case expecting it and a case expecting silence.
        const string Cases = """
            import json, sys, yaml
            rules = yaml.safe_load(open(sys.argv[1]))
            tests = yaml.safe_load(open(sys.argv[2]))
            alerts = [r["alert"] for g in rules["groups"] for r in g["rules"] if "alert" in r]
            cases = [(c["alertname"], len(c.get("exp_alerts") or [])) for t in tests["tests"] for c in t.get("alert_rule_test", [])]
            print(json.dumps({"alerts": alerts, "cases": cases}))
            """;
        ProcessResult parsed = await ProcessRunner.RunAsync(
            "/usr/bin/python3", ["-c", Cases, Path.Combine(DeployDir, "alerts.yml"), Path.Combine(DeployDir, "alerts_test.yml")], TestTimeouts.Default, CancellationToken.None);
        Assert.True(parsed.Succeeded, parsed.ToString());
        using JsonDocument json = JsonDocument.Parse(parsed.StandardOutput);
        string[] alerts = [.. json.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetString()!)];
        (string Name, int Expected)[] cases = [.. json.RootElement.GetProperty("cases").EnumerateArray().Select(c => (c[0].GetString()!, c[1].GetInt32()))];

        Assert.Equal(7, alerts.Length);
        Assert.Equal(alerts.Order(StringComparer.Ordinal), cases.Select(c => c.Name).Distinct().Order(StringComparer.Ordinal));
        Assert.All(alerts, alert =>
        {
            Assert.Contains(cases, c => c.Name == alert && c.Expected > 0);
            Assert.Contains(cases, c => c.Name == alert && c.Expected == 0);
        });
    }
}
