using SeccompRecorder.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Recording;

public sealed class ContainerLookupTests
{
    private const string PodmanId = "3f4e9a0c1b2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f";

    private static readonly string[] s_ids = [PodmanId, "3f4e000000000000000000000000000000000000000000000000000000000000", "web", "web-1"];

    [Theory]
    [InlineData("web", "web")] // an exact id wins over being a prefix of another
    [InlineData("web-1", "web-1")]
    [InlineData("3f4e9", PodmanId)]
    [InlineData(PodmanId, PodmanId)]
    public void ResolveId_ExactOrUniquePrefix_TheId(string query, string expected)
    {
        Assert.Equal(expected, ContainerLookup.ResolveId(s_ids, query, out _));
    }

    [Fact]
    public void ResolveId_AmbiguousPrefix_NullWithMatchesSorted()
    {
        Assert.Null(ContainerLookup.ResolveId(s_ids, "3f4e", out IReadOnlyList<string> matches));
        Assert.Equal(["3f4e000000000000000000000000000000000000000000000000000000000000", PodmanId], matches);
    }

    [Theory]
    [InlineData("3f4")] // shorter than 4: not taken as a prefix
    [InlineData("nope")]
    [InlineData("")]
    public void ResolveId_TooShortOrUnknown_NullWithoutMatches(string query)
    {
        Assert.Null(ContainerLookup.ResolveId(s_ids, query, out IReadOnlyList<string> matches));
        Assert.Empty(matches);
    }

    [Fact]
    public void Describe_AmbiguousLongIds_BoundedAndListsAFew()
    {
        string[] ids = [.. Enumerable.Range(0, 20).Select(i => "abcd" + new string('x', 2000) + i)];
        Assert.Null(ContainerLookup.ResolveId(ids, "abcd", out IReadOnlyList<string> matches));

        string text = new ContainerLookup(LookupStatus.Ambiguous, "abcd", null, matches).Describe(0);

        Assert.Equal(ContainerLookup.MaxMatchesReported, matches.Count);
        Assert.True(text.Length < 1000, text);
        Assert.EndsWith(", ...", text, StringComparison.Ordinal);
    }
}
