using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Integration;

namespace SeccompRecorder.Tests.Metrics;

/// <summary>Finding and reading a real daemon's metrics endpoint.</summary>
internal static partial class MetricsScrape
{
    /// <summary>
    /// The daemon's metrics address, from its "Serving Prometheus metrics on" log line: started with --metrics
    /// 127.0.0.1:0, the kernel picked the port and only the daemon knows it.
    /// </summary>
    public static async Task<Uri> EndpointAsync(DaemonProcess daemon)
    {
        Match match = await Poll.UntilAsync(
            _ => Task.FromResult(ServingLine().Match(daemon.Output) is { Success: true } found ? found : null),
            () => $"the daemon logged its metrics address:\n{daemon.Output}");
        return new Uri($"http://{match.Groups[1].Value}/");
    }

    public static HttpClient Client(Uri endpoint) => new(new SocketsHttpHandler())
    {
        BaseAddress = endpoint,
        Timeout = TestTimeouts.Default,
        DefaultRequestVersion = HttpVersion.Version11,
    };

    public static async Task<string> GetTextAsync(Uri endpoint)
    {
        using HttpClient http = Client(endpoint);
        return await http.GetStringAsync("metrics").WaitAsync(TestTimeouts.Default);
    }

    /// <summary>The sample lines of <paramref name="exposition"/> whose series starts with <paramref name="prefix"/>.</summary>
    public static string[] Lines(string exposition, string prefix) =>
        [.. exposition.Split('\n').Where(line => line.StartsWith(prefix, StringComparison.Ordinal))];

    /// <summary>A port nothing listens on now (bound, read, released): for programs that cannot report theirs.</summary>
    public static int FreePort()
    {
        using TcpListener probe = new(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    [GeneratedRegex(@"Serving Prometheus metrics on http://([^/\s]+)/metrics")]
    private static partial Regex ServingLine();
}
