using SeccompRecorder.Handover;
using Xunit;
using SeccompRecorder.Systemd;

namespace SeccompRecorder.Tests.Handover;

public sealed class SystemdListenFdsTests
{
    private const int Pid = 4242;

    [Fact]
    public void Parse_NamedFds_FromThreeInOrder()
    {
        IReadOnlyList<(int Fd, string Name)> fds = SystemdListenFds.Parse(Env(("LISTEN_PID", "4242"), ("LISTEN_FDS", "3"), ("LISTEN_FDNAMES", "state:notify-0:listener")), Pid, out string? problem);

        Assert.Null(problem);
        Assert.Equal([(3, "state"), (4, "notify-0"), (5, "listener")], fds);
    }

    [Fact]
    public void Parse_NoNames_Unknown()
    {
        IReadOnlyList<(int Fd, string Name)> fds = SystemdListenFds.Parse(Env(("LISTEN_PID", "4242"), ("LISTEN_FDS", "1")), Pid, out string? problem);

        Assert.Null(problem);
        Assert.Equal([(3, "unknown")], fds);
    }

    [Theory]
    [InlineData("1")]
    [InlineData(null)]
    public void Parse_AnotherProcessesFds_EmptyAndNoProblem(string? pid)
    {
        // Inherited from a parent they were meant for: not an error, as sd_listen_fds(3) sees it.
        Assert.Empty(SystemdListenFds.Parse(Env(("LISTEN_PID", pid), ("LISTEN_FDS", "1")), Pid, out string? problem));
        Assert.Null(problem);
    }

    [Fact]
    public void Parse_Nothing_Empty()
    {
        Assert.Empty(SystemdListenFds.Parse(Env(), Pid, out string? problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("4242", "x", null, "LISTEN_FDS=x is not a count of fds")]
    [InlineData("4242", "0", null, "LISTEN_FDS=0 is not a count of fds")]
    [InlineData("4242", "2", "a:b:c", "LISTEN_FDNAMES names 3 fds, LISTEN_FDS counts 2")]
    public void Parse_Inconsistent_Problem(string? pid, string count, string? names, string expected)
    {
        IReadOnlyList<(int Fd, string Name)> fds = SystemdListenFds.Parse(Env(("LISTEN_PID", pid), ("LISTEN_FDS", count), ("LISTEN_FDNAMES", names)), Pid, out string? problem);

        Assert.Empty(fds);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    private static Func<string, string?> Env(params (string Key, string? Value)[] variables) =>
        key => variables.FirstOrDefault(v => v.Key == key).Value;
}
