using SeccompRecorder.Cli.Output;
using Xunit;

namespace SeccompRecorder.Tests.Cli;

public sealed class TextEscaperTests
{
    [Theory]
    [InlineData("plain /path:with spaces", "plain /path:with spaces")]
    [InlineData("a\nb", @"a\nb")]
    [InlineData("a\r\nb", @"a\r\nb")]
    [InlineData("a\tb", @"a\tb")]
    [InlineData(@"back\slash", @"back\\slash")]
    [InlineData("\u001b[31mred", @"\x1b[31mred")]
    [InlineData("del\u007f", @"del\x7f")]
    [InlineData("nel\u0085", @"nel\x85")]
    [InlineData("ls\u2028ps\u2029", @"ls\u2028ps\u2029")]
    [InlineData("abc\u202Edef\u2066", @"abc\u202edef\u2066")]
    [InlineData("naïve 名前", "naïve 名前")]
    public void Escape_Value_OneVisibleLine(string value, string expected)
    {
        Assert.Equal(expected, TextEscaper.Escape(value));
    }
}
