using SeccompRecorder.Api.V1;
using SeccompRecorder.Grpc.Services;
using SeccompRecorder.Recording.Executables;
using SeccompRecorder.Syscalls;
using Xunit;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>GetContainer's executables: the busiest N, a flag for the rest, and what a byte budget leaves.</summary>
public sealed class ExecutableMapperTests
{
    private static readonly ExecutableSnapshot[] s_three =
    [
        Executable("/bin/busy", 30),
        Executable("/bin/middle", 20),
        Executable("/bin/quiet", 10),
    ];

    [Theory]
    [InlineData(0u, 16)]
    [InlineData(1u, 1)]
    [InlineData(66u, 66)]
    [InlineData(1000u, 66)]
    public void Limit_Requested_DefaultOrCappedAtAllThereAre(uint requested, int expected) =>
        Assert.Equal(expected, ExecutableMapper.Limit(requested));

    [Fact]
    public void AddTo_FewerAllowedThanThereAre_BusiestAndTruncated()
    {
        var container = new Container();

        ExecutableMapper.AddTo(container, s_three, 2);

        Assert.Equal(["/bin/busy", "/bin/middle"], container.Executables.Select(e => e.Path));
        Assert.True(container.ExecutablesTruncated);
        Assert.Equal(new Api.V1.ExecutableSyscall { Name = "getpid", Arch = "x86_64", Nr = 39, Count = 30, Denied = 1 }, container.Executables[0].Syscalls[0]);
    }

    [Fact]
    public void AddTo_AllFit_NotTruncated()
    {
        var container = new Container();

        ExecutableMapper.AddTo(container, s_three, 16);

        Assert.Equal(3, container.Executables.Count);
        Assert.False(container.ExecutablesTruncated);
    }

    [Fact]
    public void Fit_OverBudget_LeastBusyExecutablesGoFirstAndTheFlagSaysSo()
    {
        // Each executable is some 600 bytes: one byte over the budget (which keeps 256 for Omitted) drops one.
        var container = new Container { Id = "c" };
        ExecutableMapper.AddTo(container, [.. s_three.Select(e => e with { Syscalls = [.. Enumerable.Range(0, 30).Select(nr => e.Syscalls[0] with { Nr = nr })] })], 16);

        ContainerFit.Fit(container, container.CalculateSize() - 1);

        Assert.Equal(["/bin/busy", "/bin/middle"], container.Executables.Select(e => e.Path));
        Assert.True(container.ExecutablesTruncated);
    }

    private static ExecutableSnapshot Executable(string path, long calls) =>
        new(path, calls, 1, [new SeccompRecorder.Recording.Executables.ExecutableSyscall(SyscallArch.X86_64, "x86_64", 39, "getpid", calls, 1)]);
}
