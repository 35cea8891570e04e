using SeccompRecorder.Handover;
using Xunit;

namespace SeccompRecorder.Tests.Handover;

public sealed class TakeoverProtocolTests
{
    [Fact]
    public void Fds_RoundTrip_NamesInOrder()
    {
        TakeoverMessage message = TakeoverProtocol.Parse(TakeoverProtocol.Fds(["state", "pidfd-0", "notify-1", "listener"]));

        Assert.Equal(TakeoverMessageKind.Fds, message.Kind);
        Assert.Equal(["state", "pidfd-0", "notify-1", "listener"], message.Names);
    }

    [Theory]
    [InlineData("end", "End", null)]
    [InlineData("error a hand-over is already under way", "Error", "a hand-over is already under way")]
    [InlineData("fds\nbad:name", "Invalid", "invalid fd name \"bad:name\"")]
    [InlineData("fds\n", "Invalid", "invalid fd name \"\"")]
    [InlineData("hello", "Invalid", "unexpected message \"hello\"")]
    public void Parse_OtherMessages(string text, string kind, string? detail)
    {
        TakeoverMessage message = TakeoverProtocol.Parse(System.Text.Encoding.UTF8.GetBytes(text));

        Assert.Equal((kind, detail), (message.Kind.ToString(), message.Detail));
    }

    [Theory]
    [InlineData("notify-17", true)]
    [InlineData("state", true)]
    [InlineData("", false)]
    [InlineData("a:b", false)]
    [InlineData("tab\there", false)]
    [InlineData("é", false)]
    public void Names_FollowSystemdFdnameRules(string name, bool valid) => Assert.Equal(valid, HandoverNames.IsValid(name));

    [Fact]
    public void Names_LongestAllowed255() =>
        Assert.Equal((true, false), (HandoverNames.IsValid(new string('n', 255)), HandoverNames.IsValid(new string('n', 256))));
}
