using SeccompRecorder.Native;
using Xunit;

namespace SeccompRecorder.Tests.Native;

public sealed class SafeFdHandleTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void DefaultConstructor_Always_IsInvalidMinusOne()
    {
        using SafeFdHandle handle = new();

        Assert.True(handle.IsInvalid);
        Assert.Equal(-1, handle.FdForDisplay);
    }

    [Fact]
    public void Dispose_OwnedFd_ClosesIt()
    {
        string path = _directory.CreateFile("owned");
        int fd;
        using (Microsoft.Win32.SafeHandles.SafeFileHandle file = File.OpenHandle(path))
        {
            // Hand the fd over: the SafeFileHandle lets go, ours becomes the only owner.
            fd = (int)file.DangerousGetHandle();
            file.SetHandleAsInvalid();
        }

        SafeFdHandle handle = new(fd);
        Assert.Equal(fd, handle.FdForDisplay);
        Assert.Equal(path, ProcSelfFd.Target(fd));

        handle.Dispose();

        Assert.True(handle.IsClosed);
        Assert.Empty(ProcSelfFd.PointingTo(path));
    }

    [Fact]
    public void Dispose_NotOwned_LeavesTheFdOpen()
    {
        using OpenFiles files = new(_directory, 1);

        new SafeFdHandle(files.Fd(0), ownsHandle: false).Dispose();

        Assert.Equal(files.Paths[0], ProcSelfFd.Target(files.Fd(0)));
    }
}
