using SeccompRecorder.Metrics;
using Xunit;

namespace SeccompRecorder.Tests.Metrics;

public sealed class ProcessStatsTests
{
    // Fields as proc(5) numbers them: 1 pid, 2 (comm), 3 state, ... 14 utime=250, 15 stime=125, 22 starttime=4200,
    // 23 vsize=274877906944, 24 rss=12800.
    private const string Stat =
        "4242 (seccomp) rec) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 125 0 0 20 0 30 0 4200 274877906944 12800 "
        + "18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n";

    [Fact]
    public void TryParseStat_CommWithSpacesAndParentheses_FieldsCountedFromTheLastParenthesis()
    {
        Assert.True(ProcessStats.TryParseStat(Stat, out ProcessStats.StatFields fields));

        Assert.Equal(new ProcessStats.StatFields(250, 125, 4200, 274877906944, 12800), fields);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 (x) S 1 2 3")]
    [InlineData("4242 (x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 abc 125 0 0 20 0 30 0 4200 1 2 3")]
    public void TryParseStat_TruncatedOrNotNumeric_False(string text) =>
        Assert.False(ProcessStats.TryParseStat(text, out _));

    [Fact]
    public void TryParseBootTime_ProcStat_BtimeLine()
    {
        const string ProcStat = "cpu  1 2 3 4\ncpu0 1 2 3 4\nintr 5\nctxt 77\nbtime 1795340000\nprocesses 99\n";

        Assert.True(ProcessStats.TryParseBootTime(ProcStat, out long btime));

        Assert.Equal(1795340000, btime);
    }

    [Fact]
    public void TryParseBootTime_NoBtime_False() => Assert.False(ProcessStats.TryParseBootTime("cpu 1 2\n", out _));

    [Theory]
    [InlineData("1048576", 1048576.0)]
    [InlineData("unlimited", double.PositiveInfinity)]
    public void TryParseMaxOpenFiles_SoftLimit_Parsed(string soft, double expected)
    {
        string limits =
            "Limit                     Soft Limit           Hard Limit           Units     \n"
            + "Max cpu time              unlimited            unlimited            seconds   \n"
            + $"Max open files            {soft,-20} 1048576              files     \n"
            + "Max locked memory         8388608              8388608              bytes     \n";

        Assert.True(ProcessStats.TryParseMaxOpenFiles(limits, out double limit));

        Assert.Equal(expected, limit);
    }

    [Fact]
    public void ReadSelf_ThisProcess_PlausibleValues()
    {
        ProcessSample? sample = ProcessStats.ReadSelf();

        Assert.NotNull(sample);
        Assert.InRange(sample.ResidentMemoryBytes, 1024 * 1024, sample.VirtualMemoryBytes);
        Assert.InRange(sample.OpenFds, 3, sample.MaxFds);
        Assert.True(sample.CpuSeconds > 0);
        double now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        double started = new DateTimeOffset(System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
        Assert.InRange(sample.StartTimeSeconds, started - 2, now);
    }
}
