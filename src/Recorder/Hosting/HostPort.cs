using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace SeccompRecorder.Hosting;

/// <summary>HOST:PORT as operators write it: 127.0.0.1:9756, [::1]:9756, localhost:9756, 0.0.0.0:9756.</summary>
internal static class HostPort
{
    public static bool TryParse(string text, [NotNullWhen(true)] out IPEndPoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            error = $"\"{text}\" is not HOST:PORT";
            return false;
        }

        string host = text[..colon].Trim('[', ']');
        if (!ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort port))
        {
            error = $"\"{text[(colon + 1)..]}\" is not a port number (0-65535)";
            return false;
        }

        IPAddress? address = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out IPAddress? parsed) ? parsed
            : null;
        if (address is null)
        {
            error = $"\"{host}\" is not an IP address or localhost";
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        error = null;
        return true;
    }
}
