using Google.Protobuf.WellKnownTypes;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Cli.Output;
using Xunit;
using EventKind = SeccompRecorder.Api.V1.Event.Types.Kind;

namespace SeccompRecorder.Tests.Cli;

public sealed class ViewMapperTests
{
    private static readonly Timestamp s_t0 = Timestamp.FromDateTimeOffset(SampleViews.T0);

    [Fact]
    public void ToView_Container_AnnotationsByKeySyscallsByCountThenName()
    {
        var container = new Container
        {
            Id = "c1",
            State = ContainerState.Running,
            FirstSeen = s_t0,
            InitPid = 4242,
            Kubernetes = new KubernetesIdentity { PodName = "web-0", PodNamespace = "default", ContainerName = "nginx", PodUid = "uid-1" },
            Annotations = { ["z"] = "1", ["a"] = "2", ["M"] = "3" },
            Syscalls =
            {
                new Syscall { Name = "write", Arch = "x86_64", Nr = 1, Count = 5 },
                new Syscall { Name = string.Empty, Arch = "x86", Nr = 999, Count = 5 },
                new Syscall { Name = "read", Arch = "x86_64", Nr = 0, Count = 5 },
                new Syscall { Name = "read", Arch = "x86", Nr = 3, Count = 5 },
                new Syscall { Name = "getpid", Arch = "x86_64", Nr = 39, Count = 9 },
            },
        };

        ContainerView view = ViewMapper.ToView(container);

        Assert.Equal("running", view.State);
        Assert.Equal(new PodView("default", "web-0", "nginx", "uid-1"), view.Pod);
        Assert.Equal(SampleViews.T0, view.FirstSeen);
        Assert.Null(view.LastSeen);
        Assert.Null(view.ExitedAt);
        Assert.Equal(["M", "a", "z"], view.Annotations.Select(a => a.Key));
        Assert.Equal(
            ["getpid/x86_64", "?/x86", "read/x86", "read/x86_64", "write/x86_64"],
            view.Syscalls.Select(s => $"{s.Name ?? "?"}/{s.Arch}"));
    }

    [Fact]
    public void ToView_ContainerWithoutKubernetes_PodNullStateExited()
    {
        ContainerView view = ViewMapper.ToView(new Container { Id = "c2", State = ContainerState.Exited, ExitedAt = s_t0 });

        Assert.Null(view.Pod);
        Assert.Equal("exited", view.State);
        Assert.Equal(SampleViews.T0, view.ExitedAt);
    }

    [Fact]
    public void ToView_TimestampOutOfRange_Unset()
    {
        ContainerView view = ViewMapper.ToView(new Container { Id = "c", FirstSeen = new Timestamp { Seconds = long.MaxValue } });

        Assert.Null(view.FirstSeen);
        Assert.Equal("unknown", view.State);
    }

    [Theory]
    [InlineData(EventKind.ContainerAttached, "attached", 7)]
    [InlineData(EventKind.ExecAttached, "exec", 7)]
    [InlineData(EventKind.ContainerExited, "exited", null)]
    [InlineData(EventKind.SyscallFirstSeen, "syscall", null)]
    [InlineData(EventKind.Unspecified, "unknown", null)]
    public void ToView_Event_KindNamedPidOnlyForAttach(EventKind kind, string expectedKind, int? expectedPid)
    {
        EventView view = ViewMapper.ToView(new Event { Kind = kind, Time = s_t0, ContainerId = "c1", Pid = 7 });

        Assert.Equal(expectedKind, view.Kind);
        Assert.Equal(expectedPid, view.Pid);
        Assert.Equal(SampleViews.T0, view.Time);
    }
}
