using System.Diagnostics.CodeAnalysis;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace SeccompRecorder.Hosting;

/// <summary>
/// The TCP API's certificate and client CA as the files say now: each TLS handshake asks, and the files are read again
/// when their modification time or size changed, so a renewed certificate or CA is used without a restart. Files that
/// do not load (half written, a key that does not match) keep the previous pair in use, logged. Not the notify path:
/// a stat of three files per handshake.
/// </summary>
internal sealed class ApiCertificates
{
    private readonly ApiTlsFiles _files;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private Loaded _current;

    public ApiCertificates(ApiTlsFiles files, ILogger logger)
    {
        _files = files;
        _logger = logger;
        _current = TryLoad(files, out Loaded? loaded, out string? error)
            ? loaded
            : throw new InvalidOperationException(error);
    }

    /// <summary>Kestrel's ServerCertificateSelector.</summary>
    public X509Certificate2 ServerCertificate() => Current().Certificate;

    /// <summary>
    /// Kestrel's ClientCertificateValidation: the client's certificate must chain to the client CA, and to nothing else
    /// (not the system's roots), be within its validity dates, and be meant for client authentication if it says.
    /// </summary>
    public bool ValidateClient(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        Loaded current = Current();
        using var own = new X509Chain();
        own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        own.ChainPolicy.CustomTrustStore.AddRange(current.ClientCa);
        own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        own.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2")); // clientAuth
        bool valid = own.Build(certificate);
        if (!valid)
        {
            string status = string.Join(", ", own.ChainStatus.Select(s => s.Status.ToString()));
            HostingLog.ClientCertificateRefused(_logger, certificate.Subject, status);
        }

        return valid;
    }

    /// <summary>Reads and checks the files: the key matches the certificate, the CA file holds at least one certificate.</summary>
    public static bool TryLoad(ApiTlsFiles files, [NotNullWhen(true)] out Loaded? loaded, [NotNullWhen(false)] out string? error)
    {
        loaded = null;
        Stamp stamp = Stamp.Of(files);
        try
        {
            X509Certificate2 certificate = X509Certificate2.CreateFromPemFile(files.Certificate, files.Key);
            var clientCa = new X509Certificate2Collection();
            clientCa.ImportFromPemFile(files.ClientCa);
            if (clientCa.Count == 0)
            {
                error = $"{SettingText.Quote(files.ClientCa)} holds no PEM certificate";
                return false;
            }

            loaded = new Loaded(certificate, clientCa, stamp);
            error = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            error = e.Message;
            return false;
        }
    }

    private Loaded Current()
    {
        lock (_lock)
        {
            Stamp now = Stamp.Of(_files);
            if (now == _current.Stamp)
            {
                return _current;
            }

            if (TryLoad(_files, out Loaded? loaded, out string? error))
            {
                _current = loaded;
                HostingLog.ApiCertificatesReloaded(_logger, loaded.Certificate.Subject, loaded.Certificate.NotAfter);
            }
            else
            {
                // Tried again at the next handshake whose stamp differs from the last one tried.
                _current = _current with { Stamp = now };
                HostingLog.ApiCertificatesNotReloaded(_logger, error);
            }

            return _current;
        }
    }

    internal sealed record Loaded(X509Certificate2 Certificate, X509Certificate2Collection ClientCa, Stamp Stamp);

    /// <summary>What tells a replaced file: modification time and size of each, default for a missing one.</summary>
    internal readonly record struct Stamp(FileStamp Certificate, FileStamp Key, FileStamp ClientCa)
    {
        public static Stamp Of(ApiTlsFiles files) => new(FileStamp.Of(files.Certificate), FileStamp.Of(files.Key), FileStamp.Of(files.ClientCa));
    }

    internal readonly record struct FileStamp(DateTime Modified, long Length)
    {
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(info.LastWriteTimeUtc, info.Length) : default;
        }
    }
}
