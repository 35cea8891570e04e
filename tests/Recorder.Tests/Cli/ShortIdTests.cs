using SeccompRecorder.Cli.Output;
using Xunit;

namespace SeccompRecorder.Tests.Cli;

public sealed class ShortIdTests
{
    [Theory]
    [InlineData("3f4e9a0c1b2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f", "3f4e9a0c1b2d")] // Podman, CRI: as podman ps
    [InlineData("web-0", "web-0")]
    [InlineData("a-forty-character-id-is-still-whole-xyz", "a-forty-character-id-is-still-whole-xyz")]
    [InlineData("an-id-of-forty-one-characters-is-cut-abcd", "an-id-of-forty-one-characters-is-cut-...")]
    [InlineData("3F4E9A0C1B2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F", "3F4E9A0C1B2D3E4F5A6B7C8D9E0F1A2B3C4D5...")] // not lower hex
    public void ShortId_AsTheTableShowsIt(string id, string expected)
    {
        Assert.Equal(expected, ContainerText.ShortId(id));
    }

    [Fact]
    public void RenderList_LongIdTruncatedUnlessAskedNot()
    {
        const string id = "3f4e9a0c1b2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f";
        ContainerView view = SampleViews.Exited with { Id = id };

        string cut = ContainerText.RenderList([view], SampleViews.Now);
        string whole = ContainerText.RenderList([view], SampleViews.Now, truncate: false);

        Assert.StartsWith("3f4e9a0c1b2d   1", cut.Split('\n')[1], StringComparison.Ordinal);
        Assert.StartsWith(id + "   1", whole.Split('\n')[1], StringComparison.Ordinal);
    }
}
