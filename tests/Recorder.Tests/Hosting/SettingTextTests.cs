using SeccompRecorder.Hosting;
using Xunit;

namespace SeccompRecorder.Tests.Hosting;

public sealed class SettingTextTests
{
    private static readonly TimeSpan s_day = TimeSpan.FromDays(1);

    [Theory]
    [InlineData("5s", 5_000)]
    [InlineData("1m", 60_000)]
    [InlineData("1500ms", 1_500)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("0", 0)]
    [InlineData("00:00:05", 5_000)]
    [InlineData("01:30:00", 5_400_000)]
    [InlineData(" 60s ", 60_000)]
    public void TryParseDuration_GoOrTimeSpanForm_Parses(string text, int milliseconds)
    {
        Assert.True(SettingText.TryParseDuration(text, s_day, out TimeSpan duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("1.5")]
    [InlineData("60x")]
    [InlineData("-5s")]
    [InlineData("-00:00:05")]
    [InlineData("25h")]
    [InlineData("1.01:00:00")]
    public void TryParseDuration_NotADurationOrOverTheMax_Fails(string text) =>
        Assert.False(SettingText.TryParseDuration(text, s_day, out _));

    [Theory]
    [InlineData("off")]
    [InlineData("OFF")]
    [InlineData("0")]
    [InlineData("0s")]
    [InlineData("00:00:00")]
    public void TryParseOptionalDuration_OffOrZero_IsNoLimit(string text)
    {
        Assert.True(SettingText.TryParseOptionalDuration(text, s_day, out TimeSpan? duration));
        Assert.Null(duration);
    }

    [Fact]
    public void TryParseOptionalDuration_Duration_IsThatLimit()
    {
        Assert.True(SettingText.TryParseOptionalDuration("2m", s_day, out TimeSpan? duration));
        Assert.Equal(TimeSpan.FromMinutes(2), duration);
    }

    [Theory]
    [InlineData("+5")]
    [InlineData("-1")]
    [InlineData("1,024")]
    [InlineData("0x10")]
    [InlineData("0")]
    [InlineData("65537")]
    public void TryParseInt32_OutOfRangeOrNotDecimal_Fails(string text) =>
        Assert.False(SettingText.TryParseInt32(text, 1, 65536, out _));

    [Fact]
    public void Quote_ValueWithNewlinesAndQuotes_StaysOneLine() =>
        Assert.Equal("\"a\\n\\\"b\\\"\\r\"", SettingText.Quote("a\n\"b\"\r"));
}
