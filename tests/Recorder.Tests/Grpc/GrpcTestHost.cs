using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Grpc;
using SeccompRecorder.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>
/// The API as the daemon serves it, in process: Kestrel with h2c on a Unix socket in a temp dir and on
/// 127.0.0.1 port 0, plus an HTTP/1.1-only port for the protocol checks. The recording is a fake.
/// </summary>
public sealed class GrpcTestHost : IAsyncLifetime
{
    private WebApplication? _app;
    private ListenOptions? _tcp;
    private ListenOptions? _http1;

    public string TempDir { get; } = Directory.CreateTempSubdirectory("seccomp-recorder-grpc-").FullName;

    public string SocketPath => Path.Combine(TempDir, "api.sock");

    public int TcpPort => _tcp?.IPEndPoint?.Port ?? throw new InvalidOperationException("not started");

    public int Http1Port => _http1?.IPEndPoint?.Port ?? throw new InvalidOperationException("not started");

    /// <summary>A FileDescriptorSet of recorder.proto, Grpc.HealthCheck's health.proto and the well-known types, for the python client.</summary>
    public string DescriptorSetPath => Path.Combine(TempDir, "descriptors.pb");

    internal FakeRecordingReader Reader { get; } = new();

    internal CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(Logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenUnixSocket(SocketPath, o => o.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http2;
                _tcp = o;
            });
            kestrel.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http1;
                _http1 = o;
            });
        });
        builder.Services.AddSingleton<IRecordingReader>(Reader);
        builder.Services.AddGrpcApi();

        _app = builder.Build();
        _app.MapGrpcApi();
        await _app.StartAsync().WaitAsync(TestTimeouts.Default);

        await ProtoDescriptors.WriteSetAsync(DescriptorSetPath).WaitAsync(TestTimeouts.Default);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().WaitAsync(TestTimeouts.Default);
            await _app.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Default);
        }

        Directory.Delete(TempDir, recursive: true);
    }

    internal IEnumerable<CapturedLogs.Entry> ErrorsAbout(string path) =>
        Logs.Entries.Where(e => e.Level >= LogLevel.Error && e.Message.Contains(path, StringComparison.Ordinal));
}
