using SeccompRecorder.Policy;
using Xunit;

namespace SeccompRecorder.Tests.Policy;

public sealed class PolicyTextTests
{
    [Theory]
    [InlineData("5s", 5000)]
    [InlineData("500ms", 500)]
    [InlineData("1m30s", 90000)]
    [InlineData("1.5s", 1500)]
    [InlineData("2h", 7200000)]
    [InlineData(" 250ms ", 250)]
    public void DurationTryParse_GoStyle_Milliseconds(string text, double milliseconds)
    {
        Assert.True(DurationText.TryParse(text, out TimeSpan duration));
        Assert.Equal(milliseconds, duration.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("s")]
    [InlineData("5sec")]
    [InlineData("-5s")]
    [InlineData("1d")]
    [InlineData("25h")]
    public void DurationTryParse_NotADuration_False(string text) => Assert.False(DurationText.TryParse(text, out _));

    [Theory]
    [InlineData(5000, "5s")]
    [InlineData(500, "500ms")]
    [InlineData(90000, "1m30s")]
    [InlineData(3600000, "1h")]
    [InlineData(1500, "1500ms")]
    public void DurationFormat_Exact_ShortestForm(double milliseconds, string expected) =>
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData("EPERM", 1)]
    [InlineData("eperm", 1)]
    [InlineData("ENOSYS", 38)]
    [InlineData("EnoSys", 38)]
    [InlineData("1", 1)]
    [InlineData("4095", 4095)]
    public void ErrnoTryParse_NameOrNumber_Value(string text, int expected)
    {
        Assert.True(ErrnoNames.TryParse(text, out int errno));
        Assert.Equal(expected, errno);
    }

    [Theory]
    [InlineData(" EPERM")]
    [InlineData("EPERM ")]
    [InlineData(" 1")]
    [InlineData("+1")]
    [InlineData("EPERM,ENOENT")]
    [InlineData("")]
    [InlineData("SUCCESS")]
    [InlineData("0")]
    [InlineData("4096")]
    [InlineData("EWHATEVER")]
    public void ErrnoTryParse_Invalid_False(string text) => Assert.False(ErrnoNames.TryParse(text, out _));

    [Fact]
    public void TerminationFormat_ArchesAndUnsorted_SortedByNameArchesSummed()
    {
        string message = TerminationMessage.Format([("swapoff", 1), ("chroot", 2), ("swapoff", 1), ("getppid", 0)]);

        // CRI-O: "Used forbidden syscalls: chroot (2x), swapoff (2x)".
        Assert.Equal("Used forbidden syscalls: chroot (2x), swapoff (2x)", message);
    }
}
