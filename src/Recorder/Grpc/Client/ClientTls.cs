using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SeccompRecorder.Grpc.Client;

/// <summary>
/// TLS to a host:port API: the daemon's certificate must chain to <see cref="CaPath"/> (and only to it) and name the
/// host dialled; the client presents <see cref="CertificatePath"/> with its key, as the daemon's mutual TLS requires.
/// </summary>
internal sealed record ClientTls(string CaPath, string? CertificatePath, string? KeyPath)
{
    /// <summary>Reads the files into the handler's options; IO and PEM errors propagate for the caller to word.</summary>
    public SslClientAuthenticationOptions ToSslOptions()
    {
        var ca = new X509Certificate2Collection();
        ca.ImportFromPemFile(CaPath);
        if (ca.Count == 0)
        {
            throw new ArgumentException($"'{CaPath}' holds no PEM certificate.");
        }

        var options = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => certificate is not null
                && (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) == 0
                && ChainsTo(new X509Certificate2(certificate), ca),
        };
        if (CertificatePath is not null)
        {
            options.ClientCertificates = [X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath)];
        }

        return options;
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
