using Microsoft.Extensions.Logging.Abstractions;
using SeccompRecorder.Native;
using SeccompRecorder.Storage;
using SeccompRecorder.Tests.Native;
using Xunit;

namespace SeccompRecorder.Tests.Storage;

/// <summary>
/// The state directory's lock on its own, in this process: two opens of one file conflict under flock(2) even within
/// one process, so two instances here behave as two daemons. The daemons themselves: OneDaemonPerStateDirectoryTests.
/// </summary>
public sealed class StateDirectoryLockTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string StateDir => _directory.File("state");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Take_FreeDirectory_CreatesItAndWritesThisPid()
    {
        using StateDirectoryLock held = New();

        held.Take(null);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(StateDir));
        Assert.Equal($"{Environment.ProcessId}\n", ReadLockFile());
    }

    [Fact]
    public void Take_HeldByAnother_ThrowsNamingTheRunningHolder()
    {
        using StateDirectoryLock first = New();
        first.Take(null);
        using StateDirectoryLock second = New();

        StateDirectoryInUseException refused = Assert.Throws<StateDirectoryInUseException>(() => second.Take(null));

        Assert.Equal(Environment.ProcessId, refused.Holder);
        Assert.Equal(
            $"state directory {StateDir} is in use by the daemon with pid {Environment.ProcessId} (it holds {first.FilePath}): "
            + "one daemon per state directory; stop that one, or replace it with `daemon --takeover` on its sockets",
            refused.Message);
        Assert.Null(second.Handle);
    }

    [Fact]
    public void Take_HolderWroteNoPid_SaysSo()
    {
        using StateDirectoryLock first = New();
        first.Take(null);
        using (SafeFdHandle fd = LockFile.Open(first.FilePath))
        {
            LockFile.WriteText(fd, string.Empty);
        }

        StateDirectoryInUseException refused = Assert.Throws<StateDirectoryInUseException>(() => New().Take(null));

        Assert.Null(refused.Holder);
        Assert.Contains($"in use by another process ({first.FilePath} is locked and names no pid)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Take_PidInTheFileHasExited_SaysTheLockOutlivedIt()
    {
        using StateDirectoryLock first = New();
        first.Take(null);
        int gone = ExitedPid();
        using (SafeFdHandle fd = LockFile.Open(first.FilePath))
        {
            LockFile.WriteText(fd, $"{gone}\n");
        }

        StateDirectoryInUseException refused = Assert.Throws<StateDirectoryInUseException>(() => New().Take(null));

        Assert.Equal(gone, refused.Holder);
        Assert.Contains($"names pid {gone}, which has exited, and its lock is still held", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Take_HandedOverCopyOfThisDirectorysLock_HoldsItThroughTheCopy()
    {
        StateDirectoryLock predecessor = New();
        predecessor.Take(null);
        SafeFdHandle copy = await CopyAsync(predecessor.Handle!);
        using StateDirectoryLock successor = New();

        successor.Take(copy);
        predecessor.Dispose();

        Assert.Same(copy, successor.Handle);
        Assert.Throws<StateDirectoryInUseException>(() => New().Take(null));
    }

    [Fact]
    public async Task Take_HandedOverLockOfAnotherDirectory_LocksThisOneInstead()
    {
        using StateDirectoryLock elsewhere = new(new StorageSettings(_directory.File("elsewhere"), TimeSpan.FromDays(1)), NullLogger<StateDirectoryLock>.Instance);
        elsewhere.Take(null);
        SafeFdHandle copy = await CopyAsync(elsewhere.Handle!);
        using StateDirectoryLock successor = New();

        successor.Take(copy);

        Assert.True(copy.IsClosed);
        Assert.True(LockFile.IsFileAt(successor.Handle!, successor.FilePath));
        Assert.Throws<StateDirectoryInUseException>(() => New().Take(null));
    }

    [Fact]
    public void Claim_AfterTake_RewritesThePid()
    {
        using StateDirectoryLock held = New();
        held.Take(null);
        using (SafeFdHandle fd = LockFile.Open(held.FilePath))
        {
            LockFile.WriteText(fd, "1\n");
        }

        held.Claim();

        Assert.Equal($"{Environment.ProcessId}\n", ReadLockFile());
    }

    [Fact]
    public void Dispose_LastCopy_ReleasesTheLockAndLeavesTheFile()
    {
        StateDirectoryLock first = New();
        first.Take(null);

        first.Dispose();
        using StateDirectoryLock next = New();
        next.Take(null);

        Assert.True(File.Exists(next.FilePath));
        Assert.NotNull(next.Handle);
    }

    [Theory]
    [InlineData("1234\n", 1234)]
    [InlineData(" 77 ", 77)]
    [InlineData("", null)]
    [InlineData("0\n", null)]
    [InlineData("-5\n", null)]
    [InlineData("12ab\n", null)]
    public void ParseHolder_Text_PidOrNull(string text, int? expected) =>
        Assert.Equal(expected, StateDirectoryLock.ParseHolder(text));

    private StateDirectoryLock New() => new(new StorageSettings(StateDir, TimeSpan.FromDays(1)), NullLogger<StateDirectoryLock>.Instance);

    private string ReadLockFile()
    {
        using SafeFdHandle fd = LockFile.Open(Path.Combine(StateDir, StateDirectoryLock.FileName));
        return LockFile.ReadText(fd, 64);
    }

    /// <summary>A copy of <paramref name="fd"/> as a successor receives it: the same open file, through SCM_RIGHTS.</summary>
    private async Task<SafeFdHandle> CopyAsync(SafeFdHandle fd)
    {
        using UnixSocketPair pair = await UnixSocketPair.CreateAsync(_directory);
        UnixRights.Send(pair.Client.SafeHandle, [1], [fd]);
        List<SafeFdHandle> received = [];
        UnixRights.Receive(pair.Server.SafeHandle, new byte[1], received);
        return Assert.Single(received);
    }

    private static int ExitedPid()
    {
        using System.Diagnostics.Process child = System.Diagnostics.Process.Start("/bin/true")!;
        child.WaitForExit();
        return child.Id;
    }
}
