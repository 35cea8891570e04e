using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SeccompRecorder.Demo;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Integration;
using Xunit;

namespace SeccompRecorder.Tests.Tls;

/// <summary>
/// The TCP API's mutual TLS as clients meet it: python3-grpcio secure channels and the CLI against the real daemon,
/// with CAs and certificates made by openssl here.
/// </summary>
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class TcpMutualTlsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("seccomp-recorder-tls-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task RightClientCertificate_Served_AndEveryOtherClientRefused()
    {
        TestCertificateAuthority ca = await TestCertificateAuthority.CreateAsync(_directory, "main");
        TestCertificateAuthority other = await TestCertificateAuthority.CreateAsync(_directory, "other");
        (string serverCert, string serverKey) = await ca.IssueServerAsync("daemon");
        (string clientCert, string clientKey) = await ca.IssueClientAsync("operator");
        (string otherCert, string otherKey) = await other.IssueClientAsync("operator");
        (string expiredCert, string expiredKey) = await ca.IssueExpiredClientAsync("operator");
        (DaemonProcess daemon, string target) = await StartAsync(serverCert, serverKey, ca.CertificatePath);
        await using (daemon)
        {
            Assert.Equal("OK", await StatusCodeAsync(target, ["--tls-ca", ca.CertificatePath, "--tls-cert", clientCert, "--tls-key", clientKey]));
            Assert.Equal("UNAVAILABLE", await StatusCodeAsync(target, ["--tls-ca", ca.CertificatePath]));
            Assert.Equal("UNAVAILABLE", await StatusCodeAsync(target, ["--tls-ca", ca.CertificatePath, "--tls-cert", otherCert, "--tls-key", otherKey]));
            Assert.Equal("UNAVAILABLE", await StatusCodeAsync(target, ["--tls-ca", ca.CertificatePath, "--tls-cert", expiredCert, "--tls-key", expiredKey]));
            Assert.Equal("UNAVAILABLE", await StatusCodeAsync(target, []));
            Assert.Contains("mutual TLS", daemon.Output, StringComparison.Ordinal);
            // Refused by the chain check against the client CA, each for its own reason.
            Assert.Contains("TCP API client certificate CN=operator refused: NotTimeValid", daemon.Output, StringComparison.Ordinal);
            Assert.Equal(2, daemon.Output.Split('\n').Count(l => l.Contains("TCP API client certificate CN=operator refused", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task ReplacedServerCertificateAndClientCa_UsedWithoutARestart()
    {
        TestCertificateAuthority first = await TestCertificateAuthority.CreateAsync(_directory, "first");
        TestCertificateAuthority second = await TestCertificateAuthority.CreateAsync(_directory, "second");
        (string firstServerCert, string firstServerKey) = await first.IssueServerAsync("daemon");
        (string firstClientCert, string firstClientKey) = await first.IssueClientAsync("operator");
        (string secondServerCert, string secondServerKey) = await second.IssueServerAsync("daemon");
        (string secondClientCert, string secondClientKey) = await second.IssueClientAsync("operator");
        string serverCert = Path.Combine(_directory, "server.pem");
        string serverKey = Path.Combine(_directory, "server.key");
        string clientCa = Path.Combine(_directory, "client-ca.pem");
        File.Copy(firstServerCert, serverCert);
        File.Copy(firstServerKey, serverKey);
        File.Copy(first.CertificatePath, clientCa);
        (DaemonProcess daemon, string target) = await StartAsync(serverCert, serverKey, clientCa);
        await using (daemon)
        {
            string[] firstClient = ["--tls-ca", first.CertificatePath, "--tls-cert", firstClientCert, "--tls-key", firstClientKey];
            Assert.Equal("OK", await StatusCodeAsync(target, firstClient));

            // Renewed in place, as cert-manager or a script would: the server's pair from the second CA.
            File.Copy(secondServerCert, serverCert, overwrite: true);
            File.Copy(secondServerKey, serverKey, overwrite: true);
            string[] trustsSecondWithFirstClient = ["--tls-ca", second.CertificatePath, "--tls-cert", firstClientCert, "--tls-key", firstClientKey];
            Assert.Equal("OK", await StatusCodeAsync(target, trustsSecondWithFirstClient));
            Assert.Equal("UNAVAILABLE", await StatusCodeAsync(target, firstClient));

            // The client CA replaced: the second CA's clients in, the first's out.
            File.Copy(second.CertificatePath, clientCa, overwrite: true);
            Assert.Equal("OK", await StatusCodeAsync(target, ["--tls-ca", second.CertificatePath, "--tls-cert", secondClientCert, "--tls-key", secondClientKey]));
            Assert.Equal("UNAVAILABLE", await StatusCodeAsync(target, trustsSecondWithFirstClient));
            Assert.Contains("TCP API certificate and client CA re-read", daemon.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cli_WithTlsOptions_Served_WithoutThemRefused()
    {
        TestCertificateAuthority ca = await TestCertificateAuthority.CreateAsync(_directory, "cli");
        (string serverCert, string serverKey) = await ca.IssueServerAsync("daemon");
        (string clientCert, string clientKey) = await ca.IssueClientAsync("operator");
        (DaemonProcess daemon, string target) = await StartAsync(serverCert, serverKey, ca.CertificatePath);
        await using (daemon)
        {
            ProcessResult status = await Cli("status", "--api", target, "--tls-ca", ca.CertificatePath, "--tls-cert", clientCert, "--tls-key", clientKey);
            ProcessResult ls = await Cli("ls", "--api", target, "--tls-ca", ca.CertificatePath, "--tls-cert", clientCert, "--tls-key", clientKey, "--output", "json");
            ProcessResult noClientCert = await Cli("status", "--api", target, "--tls-ca", ca.CertificatePath);
            ProcessResult plaintext = await Cli("status", "--api", target);

            Assert.True(status.Succeeded, status.ToString());
            Assert.Contains("uptime", status.StandardOutput, StringComparison.OrdinalIgnoreCase);
            Assert.True(ls.Succeeded, ls.ToString());
            Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(ls.StandardOutput).RootElement.ValueKind);
            Assert.Equal(1, noClientCert.ExitCode);
            Assert.Equal(1, plaintext.ExitCode);
        }
    }

    [Fact]
    public async Task ApiTcpAlone_RefusesToStartSayingWhy()
    {
        await using DaemonProcess daemon = DaemonProcess.Launch(Path.Combine(_directory, "d"), "--api-tcp", $"127.0.0.1:{FreePort()}");

        Assert.Equal(2, await daemon.WaitForExitAsync());
        Assert.Contains(
            "--api-tcp needs mutual TLS (--api-tls-cert, --api-tls-key and --api-tls-client-ca: a client certificate signed by that CA is required) "
            + "or, for plaintext with no authentication, --api-tcp-insecure",
            daemon.Output,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiTcpInsecure_PlaintextServedWithAWarning()
    {
        string target = $"127.0.0.1:{FreePort()}";
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(Path.Combine(_directory, "d"), "--api-tcp", target, "--api-tcp-insecure");

        Assert.Equal("OK", await StatusCodeAsync(target, []));
        Assert.Contains($"The gRPC API on TCP {target} is plaintext with no authentication", daemon.Output, StringComparison.Ordinal);
    }

    private async Task<(DaemonProcess Daemon, string Target)> StartAsync(string cert, string key, string clientCa)
    {
        string target = $"127.0.0.1:{FreePort()}";
        DaemonProcess daemon = await DaemonProcess.StartAsync(
            Path.Combine(_directory, "d"), "--api-tcp", target, "--api-tls-cert", cert, "--api-tls-key", key, "--api-tls-client-ca", clientCa);
        return (daemon, target);
    }

    private async Task<string> StatusCodeAsync(string target, string[] channelArgs)
    {
        string descriptors = Path.Combine(_directory, "descriptors.pb");
        if (!File.Exists(descriptors))
        {
            await ProtoDescriptors.WriteSetAsync(descriptors);
        }

        IReadOnlyList<JsonElement> lines = await PythonGrpcClient.RunAsync(target, descriptors, channelArgs, "status");
        return lines[0].GetProperty("code").GetString()!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task<ProcessResult> Cli(params string[] args) =>
        ProcessRunner.RunAsync(RepoPaths.RecorderExecutable, args, TestTimeouts.Default, CancellationToken.None);
}
