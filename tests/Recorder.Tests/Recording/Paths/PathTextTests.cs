using SeccompRecorder.Recording.Paths;
using Xunit;

namespace SeccompRecorder.Tests.Recording.Paths;

public sealed class PathTextTests
{
    [Theory]
    [InlineData(new byte[] { 0x2F, 0x65, 0x74, 0x63 }, "/etc")]
    // A backslash is doubled, so an escape in the text always came from PathText.
    [InlineData(new byte[] { 0x61, 0x5C, 0x62 }, @"a\\b")]
    // Tab, newline and ESC: control characters.
    [InlineData(new byte[] { 0x61, 0x09, 0x0A, 0x1B }, @"a\x09\x0a\x1b")]
    // Invalid UTF-8: a lone continuation byte and a truncated two-byte sequence.
    [InlineData(new byte[] { 0x80, 0x61, 0xC3 }, @"\x80a\xc3")]
    // Valid UTF-8 stays: é (C3 A9).
    [InlineData(new byte[] { 0x2F, 0xC3, 0xA9 }, "/\u00e9")]
    // U+202E RIGHT-TO-LEFT OVERRIDE (E2 80 AE): Trojan Source.
    [InlineData(new byte[] { 0x61, 0xE2, 0x80, 0xAE, 0x62 }, @"a\xe2\x80\xaeb")]
    // C1 control U+0085 (C2 85).
    [InlineData(new byte[] { 0xC2, 0x85 }, @"\xc2\x85")]
    public void Format_Bytes_Text(byte[] bytes, string expected) => Assert.Equal(expected, PathText.Format(bytes));

    [Fact]
    public void Format_EscapedLookingPathAndTheEscapedByte_ReadDifferently() =>
        Assert.NotEqual(PathText.Format(@"\x0a"u8), PathText.Format("\n"u8));
}
