using SeccompRecorder.Native;
using Xunit;

namespace SeccompRecorder.Tests.Native;

/// <summary>flock(2) through <see cref="LockFile"/>: what the state directory's lock relies on, against the real kernel.</summary>
public sealed class LockFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Open_Missing_CreatesItOwnerOnlyAndCloseOnExec()
    {
        string path = _directory.File("daemon.lock");

        using SafeFdHandle fd = LockFile.Open(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.True(ProcSelfFd.IsCloseOnExec(fd.FdForDisplay));
    }

    [Fact]
    public void TryLock_SecondOpenOfTheSameFile_FalseUntilTheFirstCloses()
    {
        string path = _directory.File("daemon.lock");
        using SafeFdHandle second = LockFile.Open(path);
        using (SafeFdHandle first = LockFile.Open(path))
        {
            Assert.True(LockFile.TryLock(first));
            Assert.True(LockFile.TryLock(first));
            Assert.False(LockFile.TryLock(second));
        }

        Assert.True(LockFile.TryLock(second));
    }

    [Fact]
    public async Task TryLock_CopyReceivedWithScmRights_HoldsTheSameLockAfterTheOriginalCloses()
    {
        // What a takeover does with the lock: the successor's copy is the same open file description.
        string path = _directory.File("daemon.lock");
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        List<SafeFdHandle> received = [];
        using (SafeFdHandle original = LockFile.Open(path))
        {
            Assert.True(LockFile.TryLock(original));
            UnixRights.Send(pair.Client.SafeHandle, [1], [original]);
            UnixRights.Receive(pair.Server.SafeHandle, new byte[1], received);
        }

        using SafeFdHandle copy = Assert.Single(received);
        using SafeFdHandle other = LockFile.Open(path);

        Assert.True(LockFile.TryLock(copy));
        Assert.False(LockFile.TryLock(other));
    }

    [Fact]
    public void IsFileAt_SameOtherAndMissingFile_TellsThemApart()
    {
        string path = _directory.File("daemon.lock");
        string other = _directory.CreateFile("other.lock");
        using SafeFdHandle fd = LockFile.Open(path);

        Assert.True(LockFile.IsFileAt(fd, path));
        Assert.False(LockFile.IsFileAt(fd, other));
        Assert.False(LockFile.IsFileAt(fd, _directory.File("missing")));
    }

    [Fact]
    public void IsFileAt_FileReplacedAtThePath_False()
    {
        // A lock file deleted and created again is another file: a lock on the old one locks nothing there.
        string path = _directory.File("daemon.lock");
        using SafeFdHandle fd = LockFile.Open(path);
        File.Delete(path);
        using SafeFdHandle replacement = LockFile.Open(path);

        Assert.False(LockFile.IsFileAt(fd, path));
        Assert.True(LockFile.IsFileAt(replacement, path));
    }

    [Fact]
    public void WriteText_ShorterAfterLonger_ReplacesTheWholeContent()
    {
        string path = _directory.File("daemon.lock");
        using SafeFdHandle fd = LockFile.Open(path);

        LockFile.WriteText(fd, "123456\n");
        LockFile.WriteText(fd, "42\n");

        Assert.Equal("42\n", LockFile.ReadText(fd, 64));
        Assert.Equal("42", LockFile.ReadText(fd, 2));
    }
}
