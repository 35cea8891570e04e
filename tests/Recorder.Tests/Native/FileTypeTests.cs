using System.Net.Sockets;
using SeccompRecorder.Native;
using Xunit;

namespace SeccompRecorder.Tests.Native;

public sealed class FileTypeTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void IsSocket_BoundUnixSocket_ReturnsTrue()
    {
        string path = _directory.File("s.sock");
        using Socket listener = Bind(path);

        Assert.True(FileType.IsSocket(path));
    }

    [Fact]
    public void IsSocket_RegularFile_ReturnsFalse()
    {
        Assert.False(FileType.IsSocket(_directory.CreateFile("regular")));
    }

    [Fact]
    public void IsSocket_Directory_ReturnsFalse()
    {
        Assert.False(FileType.IsSocket(_directory.Path));
    }

    [Fact]
    public void IsSocket_Missing_ReturnsFalse()
    {
        Assert.False(FileType.IsSocket(_directory.File("missing")));
    }

    [Fact]
    public void IsSocket_PathThroughARegularFile_ReturnsFalse()
    {
        // ENOTDIR: a component of the path is a file.
        string file = _directory.CreateFile("file");

        Assert.False(FileType.IsSocket(Path.Combine(file, "child")));
    }

    [Fact]
    public void IsSocket_SymlinkToSocket_ReturnsFalseWithoutFollowing()
    {
        string path = _directory.File("s.sock");
        using Socket listener = Bind(path);
        string link = _directory.File("link");
        File.CreateSymbolicLink(link, path);

        Assert.False(FileType.IsSocket(link));
    }

    [Fact]
    public void IsSocket_DanglingSymlink_ReturnsFalse()
    {
        string link = _directory.File("dangling");
        File.CreateSymbolicLink(link, _directory.File("nowhere"));

        Assert.False(FileType.IsSocket(link));
    }

    [Fact]
    public void IsSocket_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => FileType.IsSocket(null!));
    }

    private static Socket Bind(string path)
    {
        Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }
}
