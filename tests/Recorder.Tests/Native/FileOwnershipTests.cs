using SeccompRecorder.Demo;
using SeccompRecorder.Native;
using Xunit;

namespace SeccompRecorder.Tests.Native;

public sealed class FileOwnershipTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    [Trait(TestTraits.Requires, TestTraits.Root)]
    public async Task SetGroup_AnyGidAsRoot_StatShowsItAndOwnerUnchanged()
    {
        Assert.True(Environment.IsPrivilegedProcess, "chown to an arbitrary group needs root (CAP_CHOWN); run the suite as root as CI does");
        string file = _directory.CreateFile("f");

        FileOwnership.SetGroup(file, 4242);

        ProcessResult stat = await ProcessRunner.RunAsync("stat", ["-c", "%u:%g", file], TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.True(stat.Succeeded, stat.ToString());
        Assert.Equal("0:4242", stat.StandardOutput.Trim());
    }

    [Fact]
    public void SetGroup_MissingFile_ThrowsENOENT()
    {
        ErrnoException e = Assert.Throws<ErrnoException>(() => FileOwnership.SetGroup(_directory.File("missing"), 4242));
        Assert.Equal(Errno.ENOENT, e.Errno);
    }
}
