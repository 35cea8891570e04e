using System.Globalization;

namespace SeccompRecorder.Grpc.Client;

/// <summary>
/// Where the daemon's API listens, as a user writes it: a Unix socket path ("/run/seccomp-recorder/api.sock",
/// "./api.sock", "unix:/path", "unix:///path") or TCP ("host:port", "[::1]:port", "http://host:port").
/// </summary>
internal sealed record RecorderAddress
{
    private RecorderAddress(string? unixSocketPath, string? host, int port, string display)
    {
        UnixSocketPath = unixSocketPath;
        Host = host;
        Port = port;
        Display = display;
    }

    /// <summary>Set for a Unix socket; <see cref="Host"/> is null then.</summary>
    public string? UnixSocketPath { get; }

    public string? Host { get; }

    public int Port { get; }

    /// <summary>What error messages call it: the path, or host:port.</summary>
    public string Display { get; }

    /// <summary>The channel's address; for a Unix socket any authority does (the connect callback ignores it), as for curl --unix-socket.</summary>
    public Uri BaseUri => UnixSocketPath is not null
        ? new Uri("http://localhost/")
        : new UriBuilder(Uri.UriSchemeHttp, Host, Port).Uri;

    public static RecorderAddress Parse(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        if (address.StartsWith("unix://", StringComparison.Ordinal))
        {
            return Unix(address["unix://".Length..]);
        }

        if (address.StartsWith("unix:", StringComparison.Ordinal))
        {
            return Unix(address["unix:".Length..]);
        }

        if (address.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            var uri = new Uri(address);
            return Tcp(uri.IdnHost, uri.IsDefaultPort ? 80 : uri.Port);
        }

        // Anything that looks like a path is one; "host:port" needs a colon followed by a port number.
        int colon = address.LastIndexOf(':');
        if (address[0] is '/' or '.' || colon < 0
            || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port is < 1 or > 65535)
        {
            return Unix(address);
        }

        string host = address[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host.Length == 0)
        {
            throw new FormatException($"'{address}' names no host.");
        }

        return Tcp(host, port);
    }

    private static RecorderAddress Unix(string path)
    {
        if (path.Length == 0)
        {
            throw new FormatException("A Unix socket address needs a path.");
        }

        return new RecorderAddress(path, null, 0, path);
    }

    private static RecorderAddress Tcp(string host, int port) =>
        new(null, host, port, host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}");
}
