using System.Net.Sockets;
using SeccompRecorder.Native;

namespace SeccompRecorder.Agent;

/// <summary>Preparing a Unix socket path: its directory, and what to do with a socket file already there.</summary>
internal static class UnixSocketPath
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates the parent directory if needed. A socket file left by a killed daemon (nothing accepts on it) is removed
    /// and true is returned; one that something still answers on is an error, and so is a path that is not a socket:
    /// two daemons must not share a path, and we never delete what we did not create.
    /// </summary>
    public static bool PrepareForBind(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, DirectoryMode);
        }

        if (!FileType.IsSocket(path))
        {
            return Path.Exists(path) || new FileInfo(path).LinkTarget is not null
                ? throw new IOException($"{path} exists and is not a socket; refusing to replace it")
                : false;
        }

        using Socket probe = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused)
        {
            File.Delete(path);
            return true;
        }

        throw new IOException($"another process is already listening on {path}");
    }
}
