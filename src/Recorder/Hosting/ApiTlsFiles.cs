namespace SeccompRecorder.Hosting;

/// <summary>The TCP API's mutual TLS: its certificate and key, and the CA its clients' certificates must chain to (PEM, absolute paths).</summary>
internal sealed record ApiTlsFiles(string Certificate, string Key, string ClientCa);
