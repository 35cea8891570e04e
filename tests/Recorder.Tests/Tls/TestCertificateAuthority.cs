using System.Globalization;
using SeccompRecorder.Demo;
using SeccompRecorder.Tests.Grpc;

namespace SeccompRecorder.Tests.Tls;

/// <summary>A CA made with the openssl command line, and certificates it signs with explicit dates (openssl ca: 3.0 has no x509 -not_after).</summary>
internal sealed class TestCertificateAuthority
{
    private readonly string _directory;
    private readonly string _name;
    private int _issued;

    private TestCertificateAuthority(string directory, string name)
    {
        _directory = directory;
        _name = name;
    }

    /// <summary>The CA's certificate, PEM: what a peer trusts.</summary>
    public string CertificatePath => Path.Combine(_directory, $"{_name}-ca.pem");

    private string KeyPath => Path.Combine(_directory, $"{_name}-ca.key");

    public static async Task<TestCertificateAuthority> CreateAsync(string directory, string name)
    {
        var ca = new TestCertificateAuthority(directory, name);
        Directory.CreateDirectory(Path.Combine(directory, $"{name}-issued"));
        await File.WriteAllTextAsync(Path.Combine(directory, $"{name}-index.txt"), string.Empty);
        await File.WriteAllTextAsync(Path.Combine(directory, $"{name}-serial"), "1000\n");
        await File.WriteAllTextAsync(ca.ConfigPath, $"""
            [ca]
            default_ca = this_ca
            [this_ca]
            database = {directory}/{name}-index.txt
            new_certs_dir = {directory}/{name}-issued
            certificate = {ca.CertificatePath}
            private_key = {ca.KeyPath}
            serial = {directory}/{name}-serial
            default_md = sha256
            policy = any_name
            unique_subject = no
            email_in_dn = no
            [any_name]
            commonName = supplied
            [server]
            basicConstraints = CA:FALSE
            extendedKeyUsage = serverAuth
            subjectAltName = IP:127.0.0.1,DNS:localhost
            [client]
            basicConstraints = CA:FALSE
            extendedKeyUsage = clientAuth

            """);
        await OpenSslAsync("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", ca.KeyPath, "-out", ca.CertificatePath, "-subj", $"/CN={name} test CA", "-days", "2");
        return ca;
    }

    public Task<(string Certificate, string Key)> IssueServerAsync(string commonName) =>
        IssueAsync(commonName, "server", DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddDays(1));

    public Task<(string Certificate, string Key)> IssueClientAsync(string commonName) =>
        IssueAsync(commonName, "client", DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddDays(1));

    /// <summary>A client certificate whose validity ended yesterday.</summary>
    public Task<(string Certificate, string Key)> IssueExpiredClientAsync(string commonName) =>
        IssueAsync(commonName, "client", DateTime.UtcNow.AddDays(-3), DateTime.UtcNow.AddDays(-1));

    private string ConfigPath => Path.Combine(_directory, $"{_name}-ca.cnf");

    private async Task<(string Certificate, string Key)> IssueAsync(string commonName, string extensions, DateTime notBefore, DateTime notAfter)
    {
        string stem = Path.Combine(_directory, $"{_name}-{Interlocked.Increment(ref _issued)}-{commonName}");
        (string certificate, string key, string request) = (stem + ".pem", stem + ".key", stem + ".csr");
        await OpenSslAsync("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key, "-out", request, "-subj", $"/CN={commonName}");
        await OpenSslAsync("ca", "-batch", "-notext", "-config", ConfigPath, "-extensions", extensions, "-in", request, "-out", certificate,
            "-startdate", Date(notBefore), "-enddate", Date(notAfter));
        return (certificate, key);
    }

    private static string Date(DateTime utc) => utc.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";

    private static async Task OpenSslAsync(params string[] args)
    {
        ProcessResult result = await ProcessRunner.RunAsync("openssl", args, TestTimeouts.Default, CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', args)}: {result}");
        }
    }
}
