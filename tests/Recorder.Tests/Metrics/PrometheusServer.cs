using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SeccompRecorder.Demo;
using SeccompRecorder.Tests.Grpc;

namespace SeccompRecorder.Tests.Metrics;

/// <summary>
/// Debian's Prometheus server (/usr/bin/prometheus), scraping one target every second, with its storage in a temp
/// directory and its web API on a free loopback port (never 9090, which a packaged service would hold). Disposing
/// kills it: the process this started, by its handle.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private PrometheusServer(Process process, int port)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TestTimeouts.Default };
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="ruleFiles">Rule files Prometheus loads and evaluates every second (deploy/prometheus/alerts.yml).</param>
    public static PrometheusServer Start(string directory, Uri target, IReadOnlyList<string>? ruleFiles = null)
    {
        string prometheus = ExecutableSearch.Find("prometheus")
            ?? throw new InvalidOperationException("prometheus is not installed: apt-get install prometheus (or run scripts/install-test-deps.sh)");
        Directory.CreateDirectory(directory);
        string config = Path.Combine(directory, "prometheus.yml");
        string rules = ruleFiles is { Count: > 0 } ? "rule_files:\n" + string.Concat(ruleFiles.Select(f => $"  - {f}\n")) : string.Empty;
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            {rules}scrape_configs:
              - job_name: seccomp-recorder
                static_configs:
                  - targets: ["{target.Authority}"]
            """);
        int port = MetricsScrape.FreePort();
        ProcessStartInfo start = new(prometheus)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
        {
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(directory, "data"),
            "--web.listen-address=127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        PrometheusServer server = new(process, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>
    /// The values of an instant query (/api/v1/query), or null while Prometheus is not answering yet; a query
    /// Prometheus rejects throws with its error.
    /// </summary>
    public async Task<IReadOnlyList<string>?> QueryAsync(string promql, CancellationToken cancellationToken) =>
        await GetDataAsync("api/v1/query?query=" + Uri.EscapeDataString(promql), cancellationToken) is { } data
            // data.result[i].value = [ <unix time>, "<value>" ]
            ? [.. data.GetProperty("result").EnumerateArray().Select(series => series.GetProperty("value")[1].GetString() ?? string.Empty)]
            : null;

    /// <summary>
    /// The <c>data</c> of an HTTP API answer (/api/v1/...), or null while Prometheus is not answering yet; an answer
    /// whose status is not success throws with Prometheus's error.
    /// </summary>
    public async Task<JsonElement?> GetDataAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Output}");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(pathAndQuery, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
            {
                return null; // still starting: its storage is not open yet
            }

            if (!body.StartsWith('{'))
            {
                throw new InvalidOperationException($"{Uri.UnescapeDataString(pathAndQuery)}: HTTP {(int)response.StatusCode} {body}");
            }

            using JsonDocument json = JsonDocument.Parse(body);
            if (json.RootElement.GetProperty("status").GetString() != "success")
            {
                throw new InvalidOperationException($"{Uri.UnescapeDataString(pathAndQuery)} failed: {json.RootElement}");
            }

            return json.RootElement.GetProperty("data").Clone();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
