using System.Net.Sockets;
using SeccompRecorder.Native;
using Xunit;

namespace SeccompRecorder.Tests.Native;

/// <summary>
/// Telling a seccomp listener from any other fd. The positive case needs a process that installs a filter, which the
/// test runner must never do (it cannot be undone): the integration tests cover it with real runc containers.
/// </summary>
public sealed class SeccompNotifyFdTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void FdLinkTarget_EventFd_IsAnonInodeEventfd()
    {
        using EventFd eventFd = new();

        Assert.Equal("anon_inode:[eventfd]", SeccompNotifyFd.FdLinkTarget(eventFd.Handle));
        Assert.False(SeccompNotifyFd.IsSeccompListener(eventFd.Handle));
    }

    [Fact]
    public void FdLinkTarget_RegularFile_IsItsPath()
    {
        using OpenFiles files = new(_directory, 1);
        using SafeFdHandle view = files.Handles()[0];

        Assert.Equal(files.Paths[0], SeccompNotifyFd.FdLinkTarget(view));
        Assert.False(SeccompNotifyFd.IsSeccompListener(view));
    }

    [Fact]
    public void FdLinkTarget_Socket_IsSocketInode()
    {
        using Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using SafeFdHandle view = new((int)socket.Handle, ownsHandle: false);

        string? target = SeccompNotifyFd.FdLinkTarget(view);

        Assert.NotNull(target);
        Assert.Matches(@"^socket:\[[0-9]+\]$", target);
        Assert.False(SeccompNotifyFd.IsSeccompListener(view));
    }

    [Fact]
    public void FdLinkTarget_Pidfd_IsNotASeccompListener()
    {
        Assert.True(PidFd.TryOpen(Environment.ProcessId, out SafeFdHandle pidfd));
        using (pidfd)
        {
            Assert.NotNull(SeccompNotifyFd.FdLinkTarget(pidfd));
            Assert.False(SeccompNotifyFd.IsSeccompListener(pidfd));
        }
    }

    [Fact]
    public void FdLinkTarget_FdNotOpen_ReturnsNull()
    {
        // An fd number far above RLIMIT_NOFILE can never be open; ownsHandle: false so nothing is ever closed.
        using SafeFdHandle notOpen = new(0x7fffff00, ownsHandle: false);

        Assert.Null(SeccompNotifyFd.FdLinkTarget(notOpen));
        Assert.False(SeccompNotifyFd.IsSeccompListener(notOpen));
    }

    [Fact]
    public void FdLinkTarget_FileWithPathLongerThan256Bytes_ReturnsTheWholePath()
    {
        // readlink(2) truncates silently to the buffer: the result must not be a prefix of the real path.
        string directory = Path.Combine(_directory.Path, new string('d', 200), new string('e', 200));
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "long-named-file");
        using Microsoft.Win32.SafeHandles.SafeFileHandle file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
        using SafeFdHandle view = new((int)file.DangerousGetHandle(), ownsHandle: false);

        Assert.Equal(path, SeccompNotifyFd.FdLinkTarget(view));
    }
}
