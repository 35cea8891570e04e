using System.Text;
using SeccompRecorder.Demo;
using SeccompRecorder.Metrics;
using SeccompRecorder.Tests.Native;
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
    public async Task CheckRules_DeployAlertsYml_TwoRules()
    {
        ProcessResult check = await Promtool.RunAsync("check", "rules", Path.Combine(DeployDir, "alerts.yml"));

        Assert.True(check.Succeeded, check.ToString());
        Assert.Contains("2 rules found", check.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRules_StoppedContainerAndViolations_AlertsFireWhenTheyShould()
    {
        using TempDirectory temp = new();
        // Minute by minute: one container stopped at 3m; c1's first denied chroot calls appear at 2m (a new series),
        // stay flat, and go up again at 10m; c2's allowed calls never alert.
        string test = temp.CreateFile("alerts_test.yml", $$"""
            rule_files:
              - {{Path.Combine(DeployDir, "alerts.yml")}}
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
                  - series: 'seccomp_recorder_containers_stopped_total{instance="node-1:9756",job="seccomp-recorder"}'
                    values: '0 0 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1'
                  - series: 'seccomp_recorder_syscalls_total{instance="node-1:9756",job="seccomp-recorder",container="c1",pod="web-0",namespace="shop",syscall="chroot",arch="x86_64",action="denied"}'
                    values: '_ _ 2 2 2 2 2 2 2 2 3 3 3 3 3 3 3 3 3 3'
                  - series: 'seccomp_recorder_syscalls_total{instance="node-1:9756",job="seccomp-recorder",container="c2",pod="",namespace="",syscall="getppid",arch="x86_64",action="allowed"}'
                    values: '5+5x19'
                alert_rule_test:
                  - eval_time: 2m
                    alertname: SeccompRecorderContainerStopped
                    exp_alerts: []
                  - eval_time: 4m
                    alertname: SeccompRecorderContainerStopped
                    exp_alerts:
                      - exp_labels: {severity: warning, instance: "node-1:9756", job: seccomp-recorder}
                        exp_annotations:
                          summary: seccomp-recorder stopped a container for forbidden syscalls
                          description: 1 container(s) on node-1:9756 were killed by the stop policy in the last 10 minutes. `seccomp-recorder ls` and `seccomp-recorder show ID` tell which, and why.
                  - eval_time: 1m
                    alertname: SeccompRecorderViolations
                    exp_alerts: []
                  - eval_time: 2m
                    alertname: SeccompRecorderViolations
                    exp_alerts: &c1
                      - exp_labels: {severity: warning, instance: "node-1:9756", job: seccomp-recorder, container: c1, pod: web-0, namespace: shop, syscall: chroot, arch: x86_64, action: denied}
                        exp_annotations:
                          summary: "container c1 made denied syscalls: chroot (x86_64)"
                          description: Container c1 (pod shop/web-0) on node-1:9756 called chroot (x86_64), which its seccomp policy denies, in the last 5 minutes.
                  - eval_time: 8m
                    alertname: SeccompRecorderViolations
                    exp_alerts: []
                  - eval_time: 11m
                    alertname: SeccompRecorderViolations
                    exp_alerts: *c1
            """);

        ProcessResult run = await Promtool.RunAsync("test", "rules", test);

        Assert.True(run.Succeeded, run.ToString());
    }
}
