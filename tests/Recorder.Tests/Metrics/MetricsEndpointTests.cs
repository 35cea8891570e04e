using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Metrics;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Integration;
using Xunit;

namespace SeccompRecorder.Tests.Metrics;

/// <summary>
/// The real daemon's /metrics after real runc containers: exact series, promtool-clean, only on the metrics port,
/// series of exited containers gone after the retention. Each test runs its own daemon (its own flags).
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class MetricsEndpointTests
{
    private readonly RuncEnvironment _env;

    public MetricsEndpointTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task Scrape_RecordAndLogContainers_ExactSeriesAndPromtoolClean()
    {
        await using DaemonProcess daemon = await StartDaemonAsync("--crio-compatible-metrics");
        Uri endpoint = await MetricsScrape.EndpointAsync(daemon);
        await SysloopContainer.RunAsync(_env, daemon, "metrics-rec", "policy=record", 1000, new Dictionary<string, string>
        {
            ["io.kubernetes.pod.name"] = "web-0",
            ["io.kubernetes.pod.namespace"] = "shop",
            ["io.kubernetes.container.name"] = "nginx",
        });
        await SysloopContainer.RunAsync(_env, daemon, "metrics-log", "policy=log", 7);

        using HttpClient http = MetricsScrape.Client(endpoint);
        using HttpResponseMessage response = await http.GetAsync("metrics").WaitAsync(TestTimeouts.Default);
        byte[] body = await response.Content.ReadAsByteArrayAsync().WaitAsync(TestTimeouts.Default);
        string text = System.Text.Encoding.UTF8.GetString(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PrometheusText.ContentType, response.Content.Headers.ContentType?.ToString());
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(
            [
                "seccomp_recorder_syscalls_total{container=\"metrics-log\",pod=\"\",namespace=\"\",syscall=\"getppid\",arch=\"x86_64\",action=\"denied\",runtime_namespace=\"\"} 7",
                "seccomp_recorder_syscalls_total{container=\"metrics-rec\",pod=\"web-0\",namespace=\"shop\",syscall=\"getppid\",arch=\"x86_64\",action=\"allowed\",runtime_namespace=\"\"} 1000",
            ],
            MetricsScrape.Lines(text, "seccomp_recorder_syscalls_total{"));
        Assert.Equal(
            ["container_runtime_crio_containers_seccomp_notifier_count_total{name=\"metrics-log\",syscall=\"getppid\"} 7"],
            MetricsScrape.Lines(text, "container_runtime_crio_containers_seccomp_notifier_count_total{"));
        Assert.Contains("seccomp_recorder_containers{state=\"exited\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("seccomp_recorder_listener_connections_total{result=\"accepted\",reason=\"\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("seccomp_recorder_notification_duration_seconds_count 1007\n", text, StringComparison.Ordinal);
        Assert.Contains($"seccomp_recorder_build_info{{version=\"{ThisAssembly.Version}\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Single(MetricsScrape.Lines(text, "process_resident_memory_bytes "));
        ProcessResult check = await Promtool.CheckMetricsAsync(body);
        Assert.True(check.Succeeded && check.StandardOutput.Length == 0 && check.StandardError.Length == 0, $"{check}\n{text}");
    }

    [Fact]
    public async Task Scrape_AsPrometheusAsksAndGzipOnly_GzippedOpenMetricsAndTextBothParsersRead()
    {
        const string series = "seccomp_recorder_syscalls_total{container=\"metrics-om\",pod=\"\",namespace=\"\",syscall=\"getppid\",arch=\"x86_64\",action=\"allowed\",runtime_namespace=\"\"} 300\n";
        await using DaemonProcess daemon = await StartDaemonAsync();
        using HttpClient http = MetricsScrape.Client(await MetricsScrape.EndpointAsync(daemon));
        await SysloopContainer.RunAsync(_env, daemon, "metrics-om", "policy=record", 300);

        (HttpResponseMessage openMetrics, byte[] openMetricsBody) = await GetAsync(http, ExpositionNegotiationTests.PrometheusAccept, "gzip");
        (HttpResponseMessage text, byte[] textBody) = await GetAsync(http, accept: null, "gzip");
        (HttpResponseMessage plain, byte[] plainBody) = await GetAsync(http, ExpositionNegotiationTests.PrometheusAccept, acceptEncoding: null);
        using (openMetrics)
        using (text)
        using (plain)
        {
            Assert.Equal(PrometheusText.OpenMetricsContentType, openMetrics.Content.Headers.ContentType?.ToString());
            Assert.Equal(PrometheusText.ContentType, text.Content.Headers.ContentType?.ToString());
            Assert.Equal(PrometheusText.OpenMetricsContentType, plain.Content.Headers.ContentType?.ToString());
            Assert.Equal(["gzip"], openMetrics.Content.Headers.ContentEncoding);
            Assert.Equal(["gzip"], text.Content.Headers.ContentEncoding);
            Assert.Empty(plain.Content.Headers.ContentEncoding);
            Assert.Equal((openMetricsBody.Length, textBody.Length), (openMetrics.Content.Headers.ContentLength, text.Content.Headers.ContentLength));
            Assert.Equal(["Accept", "Accept-Encoding"], openMetrics.Headers.Vary);
        }

        byte[] openMetricsBytes = Gunzip(openMetricsBody);
        byte[] textBytes = Gunzip(textBody);
        string openMetricsText = System.Text.Encoding.UTF8.GetString(openMetricsBytes);
        Assert.EndsWith("\n# EOF\n", openMetricsText, StringComparison.Ordinal);
        Assert.Contains(series, openMetricsText, StringComparison.Ordinal);
        Assert.Contains(series, System.Text.Encoding.UTF8.GetString(textBytes), StringComparison.Ordinal);
        Assert.Contains(series, System.Text.Encoding.UTF8.GetString(plainBody), StringComparison.Ordinal);
        IReadOnlyList<ParsedFamily> families = await OpenMetricsParser.ParseAsync(openMetricsBytes);
        Assert.Equal(300, families.Single(f => f.Name == "seccomp_recorder_syscalls").Samples.Single()[2].GetDouble());
        ProcessResult check = await Promtool.CheckMetricsAsync(textBytes);
        Assert.True(check.Succeeded && check.StandardOutput.Length == 0 && check.StandardError.Length == 0, check.ToString());
    }

    [Fact]
    public async Task Head_Metrics_HeadersWithoutBody()
    {
        await using DaemonProcess daemon = await StartDaemonAsync();
        using HttpClient http = MetricsScrape.Client(await MetricsScrape.EndpointAsync(daemon));

        using HttpRequestMessage head = new(HttpMethod.Head, "metrics");
        using HttpResponseMessage response = await http.SendAsync(head).WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PrometheusText.ContentType, response.Content.Headers.ContentType?.ToString());
        Assert.True(response.Content.Headers.ContentLength > 0);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync().WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task MetricsPort_OtherPathsAndMethods_NoGrpcThere()
    {
        await using DaemonProcess daemon = await StartDaemonAsync();
        using HttpClient http = MetricsScrape.Client(await MetricsScrape.EndpointAsync(daemon));

        using HttpResponseMessage index = await http.GetAsync("/").WaitAsync(TestTimeouts.Default);
        using HttpResponseMessage post = await http.PostAsync("metrics", new ByteArrayContent([])).WaitAsync(TestTimeouts.Default);
        using HttpResponseMessage grpc = await http.PostAsync("seccomp.recorder.v1.Recorder/GetStatus", Grpc()).WaitAsync(TestTimeouts.Default);
        using HttpResponseMessage other = await http.GetAsync("metrics/x").WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Contains("/metrics", await index.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(["GET", "HEAD"], post.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Equal((HttpStatusCode.NotFound, false), (grpc.StatusCode, grpc.Headers.Contains("grpc-status")));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task ApiSocket_GetMetrics_NotServedThere()
    {
        await using DaemonProcess daemon = await StartDaemonAsync();
        await MetricsScrape.EndpointAsync(daemon);
        using HttpClient api = new(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(daemon.ApiPath), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        { Timeout = TestTimeouts.Default };

        // The API socket speaks HTTP/2 only (h2c with prior knowledge), as gRPC clients do.
        using HttpRequestMessage request = new(HttpMethod.Get, "http://localhost/metrics")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using HttpResponseMessage response = await api.SendAsync(request).WaitAsync(TestTimeouts.Default);
        string body = await response.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("seccomp_recorder", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_ExitedContainerPastRetention_SeriesGoneRecordingKept()
    {
        const string id = "metrics-retention";
        await using DaemonProcess daemon = await StartDaemonAsync("--metrics-retention", "3s");
        Uri endpoint = await MetricsScrape.EndpointAsync(daemon);
        string series = $"seccomp_recorder_syscalls_total{{container=\"{id}\",";

        await SysloopContainer.RunAsync(_env, daemon, id, "policy=record", 50);
        string fresh = await MetricsScrape.GetTextAsync(endpoint);
        string later = await Poll.UntilAsync(
            async _ => await MetricsScrape.GetTextAsync(endpoint) is { } text && !text.Contains(series, StringComparison.Ordinal) ? text : null,
            () => $"{id}'s series left the exposition");
        DateTimeOffset gone = DateTimeOffset.UtcNow;

        Assert.Single(MetricsScrape.Lines(fresh, series));
        Assert.Contains("seccomp_recorder_containers{state=\"exited\"} 1\n", later, StringComparison.Ordinal);
        using RecorderClient client = daemon.Client();
        Container kept = await client.GetContainerAsync(id).WaitAsync(TestTimeouts.Default);
        Assert.Equal(50UL, Assert.Single(kept.Syscalls).Count);
        // From the daemon's own exit time, not from when this test saw the exit: on a loaded machine that is later.
        Assert.True(gone - kept.ExitedAt.ToDateTimeOffset() >= TimeSpan.FromSeconds(2.9), $"the series left {gone - kept.ExitedAt.ToDateTimeOffset()} after the exit, before the 3s retention");
    }

    [Fact]
    public async Task Start_MetricsPortInUse_ExitsOneNamingTheAddress()
    {
        using TcpListener taken = new(IPAddress.Loopback, 0);
        taken.Start();
        string address = taken.LocalEndpoint.ToString()!;

        await using DaemonProcess daemon = DaemonProcess.Launch(NewDirectory(), "--metrics", address);

        Assert.Equal(1, await daemon.WaitForExitAsync());
        Assert.Contains($"seccomp-recorder: Failed to bind to address http://{address}", daemon.Output, StringComparison.Ordinal);
    }

    private static async Task<(HttpResponseMessage Response, byte[] Body)> GetAsync(HttpClient http, string? accept, string? acceptEncoding)
    {
        using HttpRequestMessage request = new(HttpMethod.Get, "metrics");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        HttpResponseMessage response = await http.SendAsync(request).WaitAsync(TestTimeouts.Default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, await response.Content.ReadAsByteArrayAsync().WaitAsync(TestTimeouts.Default));
    }

    private static byte[] Gunzip(byte[] compressed)
    {
        using GZipStream gzip = new(new MemoryStream(compressed), CompressionMode.Decompress);
        using MemoryStream plain = new();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    private static ByteArrayContent Grpc()
    {
        ByteArrayContent content = new([0, 0, 0, 0, 0]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        return content;
    }

    private Task<DaemonProcess> StartDaemonAsync(params string[] extraArgs) =>
        DaemonProcess.StartAsync(NewDirectory(), ["--metrics", "127.0.0.1:0", .. extraArgs]);

    private string NewDirectory() => Path.Combine(_env.TempDir, "daemons", "metrics-" + Guid.NewGuid().ToString("N")[..8]);
}
