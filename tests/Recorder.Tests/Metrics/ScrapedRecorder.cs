using System.Globalization;
using System.Net.Sockets;
using System.Text;
using SeccompRecorder.Demo;
using SeccompRecorder.Profiles;
using SeccompRecorder.Tests.Integration;
using Xunit;

namespace SeccompRecorder.Tests.Metrics;

/// <summary>
/// What the dashboard and the alert rules are about, for real: a daemon that recorded three runc containers in one
/// Kubernetes namespace (one under record, one under log, one the stop policy killed) and refused one runtime
/// connection, scraped every second by Debian's Prometheus, which evaluates deploy/prometheus/alerts.yml every second.
/// Started by the first test of the class that asks (it brings the runc environment, which a class fixture cannot
/// take), stopped after the last.
/// </summary>
public sealed class ScrapedRecorder : IAsyncLifetime
{
    public const string Job = "seccomp-recorder";
    public const string Namespace = "shop";
    public const string RecordId = "dash-record";
    public const string LogId = "dash-log";
    public const string StopId = "dash-stop";
    public const int RecordCalls = 3000;

    private static readonly string[] s_x86_64 = ["SCMP_ARCH_X86_64"];
    private readonly Lock _gate = new();
    private Task? _start;
    private DaemonProcess? _daemon;
    private PrometheusServer? _prometheus;

    /// <summary>Before the daemon started: the start of the range every query looks at.</summary>
    public DateTimeOffset Started { get; private set; }

    /// <summary>The scrape target's instance label (host:port of the daemon's metrics endpoint).</summary>
    public string Instance { get; private set; } = string.Empty;

    internal PrometheusServer Prometheus => _prometheus ?? throw new InvalidOperationException("not started");

    internal string DaemonOutput => _daemon?.Output ?? string.Empty;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Starts everything and runs the workload, once: every test awaits the same start, and fails if it failed.</summary>
    internal Task StartAsync(RuncEnvironment env)
    {
        lock (_gate)
        {
            return _start ??= RunWorkloadAsync(env);
        }
    }

    private async Task RunWorkloadAsync(RuncEnvironment env)
    {
        Started = DateTimeOffset.UtcNow;
        string directory = Path.Combine(env.TempDir, "scraped-" + Guid.NewGuid().ToString("N")[..8]);
        _daemon = await DaemonProcess.StartAsync(Path.Combine(directory, "daemon"), "--metrics", "127.0.0.1:0");
        Uri endpoint = await MetricsScrape.EndpointAsync(_daemon);
        Instance = endpoint.Authority;
        _prometheus = PrometheusServer.Start(
            Path.Combine(directory, "server"), endpoint, [Path.Combine(RepoPaths.Root, "deploy", "prometheus", "alerts.yml")]);
        // Scraped once before anything happens: every counter's first sample is its zero, as in production.
        await UntilAsync($"up{{job=\"{Job}\"}}", values => values is ["1"]);

        await RunAsync(env, RecordId, "web-0", "policy=record", "getppid", ["/sysloop", "getppid", RecordCalls.ToString(CultureInfo.InvariantCulture)], 0);
        await RunAsync(env, LogId, "web-1", "policy=log;errno=EPERM", "chroot", ["/sysloop", "chroot", "3"], 0);
        await RunAsync(env, StopId, "web-2", "policy=stop;grace=1s", "chroot", ["/bin/sh", "-c", "/sysloop chroot 2; exec /bin/sleep 60"], 137);
        await RejectOneConnectionAsync(_daemon.ListenerPath);

        await UntilAsync("seccomp_recorder_containers_stopped_total", values => values is ["1"]);
        await UntilAsync("seccomp_recorder_listener_connections_total{result=\"rejected\",reason=\"invalid_state\"}", values => values is ["1"]);
        foreach ((string id, string syscall, string action, int count) in new[] { (RecordId, "getppid", "allowed", RecordCalls), (LogId, "chroot", "denied", 3), (StopId, "chroot", "denied", 2) })
        {
            await UntilAsync(
                $"seccomp_recorder_syscalls_total{{namespace=\"{Namespace}\",container=\"{id}\",syscall=\"{syscall}\",action=\"{action}\"}}",
                values => values is [{ } value] && value == count.ToString(CultureInfo.InvariantCulture));
        }

        // A few more scrapes, as a dashboard looks back minutes: a rate needs two samples in its window, and the
        // stopped container's step from 0 to 1 must be in the past of some of the points a range query evaluates.
        await UntilAsync(
            $"min(count_over_time(seccomp_recorder_syscalls_total{{namespace=\"{Namespace}\"}}[1m]))",
            values => values is [{ } samples] && int.Parse(samples, CultureInfo.InvariantCulture) >= 8);
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }
    }

    private async Task RunAsync(RuncEnvironment env, string id, string pod, string metadata, string notified, string[] args, int exitCode)
    {
        RuncBundle bundle = await env.NewBundleAsync(id);
        bundle.Configure(
            args,
            SeccompProfileJson.Notify(_daemon!.ListenerPath, metadata, s_x86_64, [notified]),
            new Dictionary<string, string>
            {
                ["io.kubernetes.pod.name"] = pod,
                ["io.kubernetes.pod.namespace"] = Namespace,
                ["io.kubernetes.container.name"] = "app",
            });
        ProcessResult run = await env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
        Assert.True(run.ExitCode == exitCode, $"{id}: {run}");
        await _daemon.WaitForContainerExitAsync(id);
    }

    /// <summary>A peer that sends a runtime message without fds: refused as invalid_state, counted, logged.</summary>
    private static async Task RejectOneConnectionAsync(string listenerPath)
    {
        using Socket peer = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await peer.ConnectAsync(new UnixDomainSocketEndPoint(listenerPath)).WaitAsync(TestTimeouts.Default);
        await peer.SendAsync(Encoding.UTF8.GetBytes("{\"ociVersion\":\"1.0.2\",\"fds\":[\"seccompFd\"]}")).WaitAsync(TestTimeouts.Default);
        peer.Shutdown(SocketShutdown.Send);
        await peer.ReceiveAsync(new byte[1]).WaitAsync(TestTimeouts.Default);
    }

    private async Task UntilAsync(string promql, Func<IReadOnlyList<string>, bool> done) =>
        await Poll.UntilAsync(
            async ct => await _prometheus!.QueryAsync(promql, ct) is { } values && done(values) ? values : null,
            () => $"Prometheus answers {promql} as expected (prometheus:\n{_prometheus!.Output}\ndaemon:\n{DaemonOutput})");
}
