using System.Net.Sockets;
using SeccompRecorder.Agent;
using SeccompRecorder.Native;
using SeccompRecorder.Tests.Native;
using Xunit;

namespace SeccompRecorder.Tests.Agent;

public sealed class UnixSocketPathTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void PrepareForBind_MissingDirectories_CreatesThemAndReturnsFalse()
    {
        string directory = Path.Combine(_directory.Path, "run", "seccomp-recorder");
        string path = Path.Combine(directory, "agent.sock");

        bool replaced = UnixSocketPath.PrepareForBind(path);

        Assert.False(replaced);
        Assert.True(Directory.Exists(directory));
        Assert.False(Path.Exists(path));
    }

    [Fact]
    public void PrepareForBind_CreatedDirectory_IsNotWritableByOthers()
    {
        string directory = Path.Combine(_directory.Path, "run");

        UnixSocketPath.PrepareForBind(Path.Combine(directory, "agent.sock"));

        UnixFileMode mode = File.GetUnixFileMode(directory);
        Assert.Equal(UnixFileMode.None, mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
    }

    [Fact]
    public void PrepareForBind_NothingThere_ReturnsFalse()
    {
        Assert.False(UnixSocketPath.PrepareForBind(_directory.File("agent.sock")));
    }

    [Fact]
    public void PrepareForBind_StaleSocket_RemovesItAndReturnsTrue()
    {
        string path = _directory.File("agent.sock");
        CreateStaleSocket(path);

        bool replaced = UnixSocketPath.PrepareForBind(path);

        Assert.True(replaced);
        Assert.False(Path.Exists(path));
        using Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
    }

    [Fact]
    public void PrepareForBind_LiveListener_ThrowsAlreadyListeningAndKeepsIt()
    {
        string path = _directory.File("agent.sock");
        using Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(8);

        IOException e = Assert.Throws<IOException>(() => UnixSocketPath.PrepareForBind(path));

        Assert.Contains("already listening", e.Message, StringComparison.Ordinal);
        Assert.True(FileType.IsSocket(path));
    }

    [Fact]
    public void PrepareForBind_RegularFile_ThrowsAndLeavesItAlone()
    {
        string path = _directory.CreateFile("agent.sock", "precious");

        IOException e = Assert.Throws<IOException>(() => UnixSocketPath.PrepareForBind(path));

        Assert.Contains("not a socket", e.Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(path));
    }

    [Fact]
    public void PrepareForBind_Directory_ThrowsAndLeavesItAlone()
    {
        string path = _directory.File("agent.sock");
        Directory.CreateDirectory(path);

        Assert.Throws<IOException>(() => UnixSocketPath.PrepareForBind(path));
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public void PrepareForBind_DanglingSymlink_ThrowsAndLeavesItAlone()
    {
        string path = _directory.File("agent.sock");
        File.CreateSymbolicLink(path, _directory.File("elsewhere.sock"));

        Assert.Throws<IOException>(() => UnixSocketPath.PrepareForBind(path));
        Assert.NotNull(new FileInfo(path).LinkTarget);
    }

    [Fact]
    public void PrepareForBind_SymlinkToStaleSocket_ThrowsAndDeletesNeither()
    {
        // Never follow a link to delete what it points at.
        string target = _directory.File("real.sock");
        CreateStaleSocket(target);
        string path = _directory.File("agent.sock");
        File.CreateSymbolicLink(path, target);

        Assert.Throws<IOException>(() => UnixSocketPath.PrepareForBind(path));
        Assert.True(FileType.IsSocket(target));
        Assert.NotNull(new FileInfo(path).LinkTarget);
    }

    /// <summary>A socket file nothing listens on, as a killed daemon leaves it behind.</summary>
    private static void CreateStaleSocket(string path)
    {
        // .NET unlinks the path a Socket bound when that Socket is disposed; a killed daemon never gets to. Bind under
        // another name and rename: Dispose then unlinks a path that no longer exists, and the socket file stays.
        string bound = path + ".bound";
        using (Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(bound));
            File.Move(bound, path);
        }

        Assert.True(FileType.IsSocket(path), "precondition: the socket file outlives its socket");
    }
}
