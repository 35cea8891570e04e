using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using SeccompRecorder.Metrics;
using SeccompRecorder.MetricsBench;
using SeccompRecorder.Recording;

// bench/metrics.sh's server: `SeccompRecorder.MetricsBench recorder|prometheus-net CONTAINERS SYSCALLS`. Serves
// /metrics with the chosen exporter over the synthetic registry, and /gc: a full, compacting, decommitting GC, then
// the process's VmRSS and managed heap. Prints "listening http://127.0.0.1:PORT" once it serves.
// `phases CONTAINERS SYSCALLS` prints where our endpoint's time goes instead (Phases.cs).
if (args.Length != 3 || args[0] is not ("recorder" or "prometheus-net" or "phases")
    || !int.TryParse(args[1], CultureInfo.InvariantCulture, out int containers) || !int.TryParse(args[2], CultureInfo.InvariantCulture, out int syscalls))
{
    Console.Error.WriteLine("usage: SeccompRecorder.MetricsBench recorder|prometheus-net|phases CONTAINERS SYSCALLS");
    return 2;
}

TimeProvider time = TimeProvider.System;
RecorderClock clock = new(time);
using EventHub events = new(clock);
await events.StartAsync(CancellationToken.None).ConfigureAwait(false);
DaemonCounters counters = new(clock);
ContainerRegistry registry = SyntheticRecording.Build(clock, events, counters, containers, syscalls);
SeccompRecorder.Notify.HistogramSnapshot latency = SyntheticRecording.Latency();
MetricsCollector collector = new(registry, counters, () => latency, ProcessStats.ReadSelf, new MetricsSettings(CrioCompatible: false, TimeSpan.FromMinutes(5)), time);

if (args[0] == "phases")
{
    Phases.Run(collector);
    await events.StopAsync(CancellationToken.None).ConfigureAwait(false);
    return 0;
}

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));
// What a prometheus-net deployment adds for gzip (it has none of its own): ASP.NET's middleware, gzip only, at its
// default level (Fastest). An exporter that compresses itself sets Content-Encoding, and the middleware steps aside.
builder.Services.AddResponseCompression(options =>
{
    options.Providers.Add<GzipCompressionProvider>();
    options.MimeTypes = ["text/plain", "application/openmetrics-text"];
});
await using WebApplication app = builder.Build();
app.UseResponseCompression();
app.Map("/gc", gc => gc.Run(static context =>
{
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    string rss = File.ReadLines("/proc/self/status").First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
    context.Response.ContentType = "text/plain";
    return context.Response.WriteAsync(
        FormattableString.Invariant($"rss_kib {rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]}\nmanaged_bytes {GC.GetTotalMemory(forceFullCollection: false)}\n"));
}));
if (args[0] == "recorder")
{
    MetricsEndpoint endpoint = new(collector, NullLogger<MetricsEndpoint>.Instance);
    app.Run(endpoint.HandleAsync);
}
else
{
    PrometheusNetExporter exporter = new(collector);
    app.UseMetricServer(settings => settings.Registry = exporter.Registry, "/metrics");
}

await app.StartAsync().ConfigureAwait(false);
string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
Console.WriteLine($"listening {address}");
await app.WaitForShutdownAsync().ConfigureAwait(false);
await events.StopAsync(CancellationToken.None).ConfigureAwait(false);
return 0;
