using SeccompRecorder.Recording.Executables;
using Xunit;

namespace SeccompRecorder.Tests.Recording.Executables;

public sealed class ProcTextTests
{
    [Fact]
    public void TryParseStartTime_CommWithSpacesAndParens_Field22()
    {
        // pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        // priority nice num_threads itrealvalue starttime ...
        ReadOnlySpan<byte> stat = "4242 (a) b (c)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 3 0 987654 1000 200\n"u8;

        Assert.True(ProcText.TryParseStartTime(stat, out ulong start));
        Assert.Equal(987654UL, start);
    }

    [Fact]
    public void TryParseStartTime_Cut_False() =>
        Assert.False(ProcText.TryParseStartTime("4242 (sh) S 1 4242 4242 0 -1"u8, out _));

    [Fact]
    public void TryParseTgidAndName_Status_TheThreadGroupAndComm()
    {
        ReadOnlySpan<byte> status = "Name:\tworker\\nx\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\nNgid:\t0\nPid:\t4250\n"u8;

        Assert.True(ProcText.TryParseTgid(status, out int tgid));
        Assert.Equal(4242, tgid);
        Assert.True(ProcText.TryParseName(status, out ReadOnlySpan<byte> name));
        Assert.Equal("worker\\nx"u8, name);
    }

    [Fact]
    public void TryParseTgid_Missing_False() => Assert.False(ProcText.TryParseTgid("Name:\tsh\nPid:\t1\n"u8, out _));

    [Fact]
    public void ProcInspector_ThisProcess_ItsExecutableAndThreadGroup()
    {
        Span<byte> name = stackalloc byte[ProcInspector.MaxName];

        Assert.True(ProcInspector.Instance.TryInspect(Environment.ProcessId, out int tgid, out ulong start, name, out int length));

        Assert.Equal(Environment.ProcessId, tgid);
        Assert.True(start > 0);
        Assert.Equal(Environment.ProcessPath, System.Text.Encoding.UTF8.GetString(name[..length]));
    }
}
