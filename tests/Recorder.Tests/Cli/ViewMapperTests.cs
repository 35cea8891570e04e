using Google.Protobuf.WellKnownTypes;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Cli.Output;
using Xunit;
using ApiPolicy = SeccompRecorder.Api.V1.Policy;
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

    [Fact]
    public void ToView_StoppedContainer_PolicyTerminationViolationsAndDenied()
    {
        var container = new Container
        {
            Id = "c4",
            State = ContainerState.Exited,
            Policy = new ApiPolicy
            {
                Mode = PolicyMode.Stop,
                ModeSource = PolicySource.Annotation,
                Errno = 38,
                ErrnoName = "ENOSYS",
                ErrnoSource = PolicySource.Default,
                Grace = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(1500)),
                GraceSource = PolicySource.Metadata,
            },
            Violations = 4,
            TerminationReason = "seccomp killed",
            TerminationMessage = "Used forbidden syscalls: chroot (2x), swapoff (2x)",
            TerminatedAt = s_t0,
            Syscalls = { new Syscall { Name = "chroot", Arch = "x86_64", Nr = 161, Count = 3, Denied = 2 } },
        };

        ContainerView view = ViewMapper.ToView(container);

        Assert.Equal(
            new PolicyView("stop", "annotation", 38, "ENOSYS", "default", TimeSpan.FromMilliseconds(1500), "metadata"),
            view.Policy);
        Assert.Equal(4UL, view.Violations);
        Assert.Equal(
            new TerminationView("seccomp killed", "Used forbidden syscalls: chroot (2x), swapoff (2x)", SampleViews.T0),
            view.Termination);
        Assert.Equal((3UL, 2UL), (view.Syscalls[0].Count, view.Syscalls[0].Denied));
    }

    [Fact]
    public void ToView_NoPolicyNotTerminated_Nulls()
    {
        ContainerView view = ViewMapper.ToView(new Container { Id = "c" });

        Assert.Null(view.Policy);
        Assert.Null(view.Termination);
    }

    [Fact]
    public void ToView_UnspecifiedPolicyEnumsNoErrnoName_UnknownAndNull()
    {
        PolicyView view = ViewMapper.ToView(new ApiPolicy { Errno = 200 });

        Assert.Equal(new PolicyView("unknown", "unknown", 200, null, "unknown", null, "unknown"), view);
    }

    [Theory]
    [InlineData(-5L, 0)]
    [InlineData(1L, -1)]
    [InlineData(1L, 1_000_000_000)]
    [InlineData(long.MaxValue, 0)]
    public void ToView_GraceNegativeOrOutOfRange_Unset(long seconds, int nanos)
    {
        PolicyView view = ViewMapper.ToView(new ApiPolicy { Grace = new Duration { Seconds = seconds, Nanos = nanos } });

        Assert.Null(view.Grace);
    }

    [Fact]
    public void ToView_TerminatedAtOutOfRange_ReasonKeptTimeUnset()
    {
        ContainerView view = ViewMapper.ToView(new Container
        {
            Id = "c",
            TerminationReason = "seccomp killed",
            TerminatedAt = new Timestamp { Seconds = long.MinValue },
        });

        Assert.Equal(new TerminationView("seccomp killed", string.Empty, null), view.Termination);
    }

    [Fact]
    public void ToView_StoppedProtoContainer_RendersPolicyAndTermination()
    {
        // The fake daemon of the end-to-end tests has no stopped container; this is the same path without the socket.
        var container = new Container
        {
            Id = "c4",
            State = ContainerState.Exited,
            FirstSeen = s_t0,
            LastSeen = Timestamp.FromDateTimeOffset(SampleViews.T0.AddSeconds(55)),
            ExitedAt = Timestamp.FromDateTimeOffset(SampleViews.T0.AddSeconds(60)),
            InitPid = 4444,
            Bundle = "/tmp/bundle/c4",
            OciVersion = "1.0.2",
            Metadata = "grace=1m30s",
            Annotations = { ["seccomp-notifier-action.crio.io"] = "stop" },
            ListenersTotal = 1,
            Notifications = 4,
            Violations = 4,
            Policy = new ApiPolicy
            {
                Mode = PolicyMode.Stop,
                ModeSource = PolicySource.Annotation,
                Errno = 38,
                ErrnoName = "ENOSYS",
                ErrnoSource = PolicySource.Default,
                Grace = Duration.FromTimeSpan(TimeSpan.FromSeconds(90)),
                GraceSource = PolicySource.Metadata,
            },
            TerminationReason = "seccomp killed",
            TerminationMessage = "Used forbidden syscalls: chroot (2x), swapoff (2x)",
            TerminatedAt = Timestamp.FromDateTimeOffset(SampleViews.T0.AddSeconds(60)),
            Syscalls =
            {
                new Syscall { Name = "swapoff", Arch = "x86_64", Nr = 168, Count = 2, Denied = 2, Violations = 2, FirstSeen = s_t0, LastSeen = s_t0 },
                new Syscall { Name = "chroot", Arch = "x86_64", Nr = 161, Count = 2, Denied = 2, Violations = 2, FirstSeen = s_t0, LastSeen = s_t0 },
            },
        };

        string text = ContainerText.RenderDetails(ViewMapper.ToView(container), SampleViews.Now);

        Assert.Equal(
            """
            id:                    c4
            run:                   1
            runtime namespace:     -
            state:                 exited
            init pid:              4444
            bundle:                /tmp/bundle/c4
            oci version:           1.0.2
            metadata:              grace=1m30s
            pod:                   -
            pod uid:               -
            policy:                stop (from annotation), errno ENOSYS (default), grace 1m30s (from metadata)
            first seen:            2026-11-22T10:00:00Z (1m ago)
            last seen:             2026-11-22T10:00:55Z (35s ago)
            exited at:             2026-11-22T10:01:00Z (30s ago)
            terminated:            seccomp killed at 2026-11-22T10:01:00Z (30s ago)
            termination message:   Used forbidden syscalls: chroot (2x), swapoff (2x)
            listeners:             0 open, 1 total
            notifications:         4
            violations:            4
            coverage:              -
            annotations:
              seccomp-notifier-action.crio.io=stop

            SYSCALL   ARCH     NR    COUNT   DENIED   VIOLATIONS   FIRST SEEN   LAST SEEN
            chroot    x86_64   161   2       2        2            1m ago       1m ago
            swapoff   x86_64   168   2       2        2            1m ago       1m ago

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Theory]
    [InlineData(EventKind.ContainerAttached, "attached", 7)]
    [InlineData(EventKind.ExecAttached, "exec", 7)]
    [InlineData(EventKind.ContainerExited, "exited", null)]
    [InlineData(EventKind.SyscallFirstSeen, "syscall", null)]
    [InlineData(EventKind.Violation, "violation", null)]
    [InlineData(EventKind.StopScheduled, "stop-scheduled", null)]
    [InlineData(EventKind.Stopped, "stopped", null)]
    [InlineData(EventKind.Unspecified, "unknown", null)]
    public void ToView_Event_KindNamedPidOnlyForAttach(EventKind kind, string expectedKind, int? expectedPid)
    {
        EventView view = ViewMapper.ToView(new Event { Kind = kind, Time = s_t0, ContainerId = "c1", Pid = 7 });

        Assert.Equal(expectedKind, view.Kind);
        Assert.Equal(expectedPid, view.Pid);
        Assert.Equal(SampleViews.T0, view.Time);
    }

    [Fact]
    public void ToView_ViolationEvent_SyscallWithDenied()
    {
        EventView view = ViewMapper.ToView(new Event
        {
            Kind = EventKind.Violation,
            ContainerId = "c4",
            Pid = 4444,
            Syscall = new Syscall { Name = "chroot", Arch = "x86_64", Nr = 161, Count = 1, Denied = 1 },
        });

        Assert.Equal(new SyscallView("chroot", "x86_64", 161, 1, 1, null, null), view.Syscall);
        Assert.Null(view.Pid);
    }

    [Fact]
    public void ToView_SyscallArguments_ValuesByCountThenValueAndHexWithoutText()
    {
        var syscall = new Syscall { Name = "ioctl", Arch = "x86_64", Nr = 16, Count = 9 };
        syscall.Arguments.Add(new ArgumentValues
        {
            Name = "request",
            Other = 4,
            Values =
            {
                new ArgumentValue { Value = 0x5401, Text = "0x5401", Count = 1 },
                new ArgumentValue { Value = 0x541B, Text = string.Empty, Count = 3 },
                new ArgumentValue { Value = 0x5400, Text = "0x5400", Count = 1 },
            },
        });

        SyscallView view = ViewMapper.ToView(syscall);

        ArgumentView argument = Assert.Single(view.Arguments!);
        Assert.Equal(("request", 4UL), (argument.Name, argument.Other));
        Assert.Equal(["0x541b", "0x5400", "0x5401"], argument.Values.Select(v => v.Text));
        Assert.Null(ViewMapper.ToView(new Syscall { Name = "getpid" }).Arguments);
    }
}
