using SeccompRecorder.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Grpc;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("30S", 300_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("1500u", 15_000L)]
    [InlineData("100n", 1L)]
    [InlineData("1n", 1L)] // rounded up to one tick
    [InlineData("0m", 0L)]
    [InlineData("99999999H", 99_999_999L * 36_000_000_000L)] // the largest value the header can carry
    [InlineData("00000001S", 10_000_000L)] // leading zeros are still at most 8 digits
    public void TryParse_ValidValue_ReturnsTimeout(string value, long expectedTicks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out TimeSpan timeout));
        Assert.Equal(expectedTicks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")] // no digits
    [InlineData("10")] // no unit
    [InlineData("123456789S")] // nine digits
    [InlineData("10s")] // units are case-sensitive: s is not a unit
    [InlineData("10h")]
    [InlineData("-1S")]
    [InlineData(" 1S")]
    [InlineData("1.5S")]
    [InlineData("1 S")]
    public void TryParse_InvalidValue_ReturnsFalse(string value)
    {
        Assert.False(GrpcTimeout.TryParse(value, out _));
    }

    [Theory]
    [InlineData(250L * 10_000, "250m")]
    [InlineData(1L, "1m")] // rounded up, never to zero
    [InlineData(10L * 24 * 36_000_000_000L, "864000S")] // ten days: past 8 digits of milliseconds
    [InlineData(0L, "0m")]
    public void Format_Timeout_UsesFinestUnitThatFits(long ticks, string expected)
    {
        string formatted = GrpcTimeout.Format(TimeSpan.FromTicks(ticks));

        Assert.Equal(expected, formatted);
        Assert.True(GrpcTimeout.TryParse(formatted, out TimeSpan parsed));
        Assert.True(parsed.Ticks >= ticks);
    }
}
