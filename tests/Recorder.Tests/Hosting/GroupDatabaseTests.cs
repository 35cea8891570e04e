using SeccompRecorder.Hosting;
using SeccompRecorder.Tests.Native;
using Xunit;

namespace SeccompRecorder.Tests.Hosting;

public sealed class GroupDatabaseTests
{
    private const string Sample =
        "root:x:0:\n" +
        "# not a group\n" +
        "\n" +
        "docker:x:998:alice,bob\n" +
        "broken:x:notanumber:\n" +
        "docker:x:1234:\n" +        // a later duplicate: glibc returns the first
        "recorder:x:4242:";         // no final newline

    [Theory]
    [InlineData("root", 0u)]
    [InlineData("docker", 998u)]
    [InlineData("recorder", 4242u)]
    public void TryFind_KnownName_ItsGid(string name, uint expected)
    {
        Assert.True(GroupDatabase.TryFind(Sample, name, out uint gid));
        Assert.Equal(expected, gid);
    }

    [Theory]
    [InlineData("broken")]
    [InlineData("nosuch")]
    [InlineData("Docker")]
    [InlineData("alice")]
    [InlineData("")]
    public void TryFind_UnknownOrMalformed_False(string name) => Assert.False(GroupDatabase.TryFind(Sample, name, out _));

    [Fact]
    public void TryResolve_NumberOrNameFromFile_Gid()
    {
        using TempDirectory dir = new();
        string file = Path.Combine(dir.Path, "group");
        File.WriteAllText(file, Sample);

        Assert.True(GroupDatabase.TryResolve("5000", out uint byNumber, out _, file));
        Assert.Equal(5000u, byNumber);
        Assert.True(GroupDatabase.TryResolve("recorder", out uint byName, out string error, file), error);
        Assert.Equal(4242u, byName);
        Assert.False(GroupDatabase.TryResolve("nosuch", out _, out error, file));
        Assert.Contains("nosuch", error, StringComparison.Ordinal);
        Assert.False(GroupDatabase.TryResolve("recorder", out _, out error, Path.Combine(dir.Path, "missing")));
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
    }
}
