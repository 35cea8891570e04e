using SeccompRecorder.Cli.Output;
using Xunit;

namespace SeccompRecorder.Tests.Cli;

public sealed class TimeFormatTests
{
    [Theory]
    [InlineData(0, "0s ago")]
    [InlineData(59.9, "59s ago")]
    [InlineData(60, "1m ago")]
    [InlineData(3599, "59m ago")]
    [InlineData(3600, "1h ago")]
    [InlineData(47 * 3600, "47h ago")]
    [InlineData(48 * 3600, "2d ago")]
    [InlineData(-30, "0s ago")]
    public void Ago_Age_OneUnit(double seconds, string expected)
    {
        Assert.Equal(expected, TimeFormat.Ago(SampleViews.T0, SampleViews.T0.AddSeconds(seconds)));
    }

    [Fact]
    public void Ago_Unset_Dash()
    {
        Assert.Equal("-", TimeFormat.Ago(null, SampleViews.T0));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59, "59s")]
    [InlineData(60, "1m0s")]
    [InlineData(3600, "1h0m0s")]
    [InlineData(90061, "1d1h1m1s")]
    [InlineData(-5, "0s")]
    public void Duration_Seconds_GoStyle(long seconds, string expected)
    {
        Assert.Equal(expected, TimeFormat.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Rfc3339_NonUtcOffset_ConvertedToUtcWithZ()
    {
        var time = new DateTimeOffset(2026, 11, 22, 12, 0, 0, 123, TimeSpan.FromHours(2));

        Assert.Equal("2026-11-22T10:00:00.123Z", TimeFormat.Rfc3339(time));
        Assert.Equal("2026-11-22T10:00:00.123Z", TimeFormat.Rfc3339Millis(time));
        Assert.Equal("2026-11-22T10:00:00Z", TimeFormat.Rfc3339Seconds(time));
        Assert.Equal("2026-11-22T10:00:00.000Z", TimeFormat.Rfc3339Millis(SampleViews.T0));
    }
}
