using SeccompRecorder.Agent;
using Xunit;

namespace SeccompRecorder.Tests.Agent;

public sealed class AllowedPeersTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void TryParse_Empty_RootOnly(string? text)
    {
        Assert.True(AllowedPeers.TryParse(text, out AllowedPeers peers, out string error), error);
        Assert.True(peers.IsAllowed(0));
        Assert.False(peers.IsAllowed(1000));
        Assert.Empty(peers.ExtraUids);
    }

    [Fact]
    public void TryParse_CommaSeparatedWithSpaces_AllowsRootAndEach()
    {
        Assert.True(AllowedPeers.TryParse("1000, 1001,1000", out AllowedPeers peers, out string error), error);

        Assert.True(peers.IsAllowed(0));
        Assert.True(peers.IsAllowed(1000));
        Assert.True(peers.IsAllowed(1001));
        Assert.False(peers.IsAllowed(1002));
        Assert.False(peers.IsAllowed(65534));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1000,")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("4294967295")]
    [InlineData("4294967296")]
    [InlineData("1e3")]
    public void TryParse_NotAUid_FalseWithTheEntry(string text)
    {
        Assert.False(AllowedPeers.TryParse(text, out _, out string error));
        Assert.Contains("not a uid", error, StringComparison.Ordinal);
    }
}
