using System.Globalization;
using System.Text.RegularExpressions;
using SeccompRecorder.Tests.Integration;
using Xunit;

namespace SeccompRecorder.Tests.Metrics;

/// <summary>
/// A real Prometheus server scrapes a real daemon after a real runc container: its query API reads the exact count. It
/// asks for OpenMetrics and gzip, so that is what it reads.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class PrometheusScrapeTests
{
    private readonly RuncEnvironment _env;

    public PrometheusScrapeTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task PrometheusServer_ScrapesTheDaemon_QueryReturnsTheExactCount()
    {
        const string id = "metrics-prometheus";
        const int calls = 4321;
        string directory = Path.Combine(_env.TempDir, "prometheus-" + Guid.NewGuid().ToString("N")[..8]);
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(Path.Combine(directory, "daemon"), "--metrics", "127.0.0.1:0");
        Uri endpoint = await MetricsScrape.EndpointAsync(daemon);
        await using PrometheusServer prometheus = PrometheusServer.Start(Path.Combine(directory, "server"), endpoint);

        await SysloopContainer.RunAsync(_env, daemon, id, "policy=record", calls);

        string query = $"seccomp_recorder_syscalls_total{{container=\"{id}\",syscall=\"getppid\"}}";
        IReadOnlyList<string> values = await Poll.UntilAsync(
            async ct => await prometheus.QueryAsync(query, ct) is [_] one && one[0] == "4321" ? one : null,
            () => $"Prometheus returned {calls} for {query}\nprometheus:\n{prometheus.Output}");
        Assert.Equal(["4321"], values);
        Assert.Equal(["1"], await prometheus.QueryAsync("up{job=\"seccomp-recorder\"}", CancellationToken.None).WaitAsync(TestTimeouts.Default));
        Match scrape = Regex.Match(daemon.Output, @"Scrape: OpenMetrics, (\d+) bytes \((\d+) sent\)");
        Assert.True(scrape.Success, daemon.Output);
        Assert.True(long.Parse(scrape.Groups[2].Value, CultureInfo.InvariantCulture) < long.Parse(scrape.Groups[1].Value, CultureInfo.InvariantCulture), scrape.Value);
    }
}
