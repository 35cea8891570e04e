using SeccompRecorder.Cli.Output;
using Xunit;

namespace SeccompRecorder.Tests.Cli;

public sealed class EventTextTests
{
    private static readonly SyscallView s_chroot = new("chroot", "x86_64", 161, 1, 1, null, null);

    private static readonly EventView[] s_events =
    [
        new(SampleViews.T0, "attached", "c1", 4242, null),
        new(SampleViews.T0.AddMilliseconds(1500), "syscall", "c1", null, new SyscallView("getppid", "x86_64", 110, 1, 0, null, null)),
        new(SampleViews.T0.AddSeconds(2), "syscall", "c1", null, SampleViews.Unnamed),
        new(SampleViews.T0.AddSeconds(3), "exec", "c1", 4250, null),
        new(SampleViews.T0.AddSeconds(4), "exited", "c1", null, null),
    ];

    /// <summary>A stop-policy container's end: its first violation schedules the kill, grace later it is stopped.</summary>
    private static readonly EventView[] s_stopEvents =
    [
        new(SampleViews.T0.AddSeconds(50), "violation", "c4", null, s_chroot),
        new(SampleViews.T0.AddMilliseconds(50_100), "stop-scheduled", "c4", null, null),
        new(SampleViews.T0.AddSeconds(51), "violation", "c4", null, new SyscallView(null, "x86", 999, 1, 1, null, null)),
        new(SampleViews.T0.AddSeconds(60), "stopped", "c4", null, null),
        new(SampleViews.T0.AddMilliseconds(60_050), "exited", "c4", null, null),
    ];

    [Fact]
    public void RenderLine_EachKind_FixedWidthTimeAndKind()
    {
        string text = string.Concat(s_events.Select(EventText.RenderLine));

        Assert.Equal(
            """
            2026-11-22T10:00:00.000Z   attached         c1   pid 4242
            2026-11-22T10:00:01.500Z   syscall          c1   x86_64 getppid (110)
            2026-11-22T10:00:02.000Z   syscall          c1   x86 ? (999)
            2026-11-22T10:00:03.000Z   exec             c1   pid 4250
            2026-11-22T10:00:04.000Z   exited           c1

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderLine_StopKinds_ViolationNamesItsSyscall()
    {
        string text = string.Concat(s_stopEvents.Select(EventText.RenderLine));

        Assert.Equal(
            """
            2026-11-22T10:00:50.000Z   violation        c4   x86_64 chroot (161)
            2026-11-22T10:00:50.100Z   stop-scheduled   c4
            2026-11-22T10:00:51.000Z   violation        c4   x86 ? (999)
            2026-11-22T10:01:00.000Z   stopped          c4
            2026-11-22T10:01:00.050Z   exited           c4

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderLine_Path_SyscallThenPathAsTheDaemonEscapedIt()
    {
        EventView[] events =
        [
            new(SampleViews.T0, "path", "c4", null, s_chroot, Path: new PathView(@"/new\x0aroot", false, 1)),
            new(SampleViews.T0, "path", "c4", null, s_chroot, Path: new PathView("/aaa", true, 1)),
        ];

        Assert.Equal(
            """
            2026-11-22T10:00:00.000Z   path             c4   x86_64 chroot (161) /new\x0aroot
            2026-11-22T10:00:00.000Z   path             c4   x86_64 chroot (161) /aaa... (truncated)

            """.ReplaceLineEndings("\n"),
            string.Concat(events.Select(EventText.RenderLine)));
        Assert.Equal(
            """{"time":"2026-11-22T10:00:00Z","kind":"path","containerId":"c4","run":1,"pid":null,"syscall":{"name":"chroot","arch":"x86_64","nr":161},"path":{"path":"/aaa","truncated":true}}""",
            EventText.RenderJson(events[1]).TrimEnd('\n'));
    }

    [Fact]
    public void RenderLine_NewlineInContainerId_StaysOneLine()
    {
        string line = EventText.RenderLine(new EventView(SampleViews.T0, "exited", "x\ny", null, null));

        Assert.Equal("2026-11-22T10:00:00.000Z   exited           x\\ny\n", line);
    }

    [Fact]
    public void RenderLine_NoTime_DashPaddedToTheTimeWidth()
    {
        string line = EventText.RenderLine(new EventView(null, "stopped", "c4", null, null));

        Assert.Equal("-                          stopped          c4\n", line);
    }

    [Fact]
    public void RenderJson_EachKind_OneCompactObjectPerLine()
    {
        string text = string.Concat(s_events.Select(EventText.RenderJson));

        Assert.Equal(
            """
            {"time":"2026-11-22T10:00:00Z","kind":"attached","containerId":"c1","run":1,"pid":4242,"syscall":null}
            {"time":"2026-11-22T10:00:01.5Z","kind":"syscall","containerId":"c1","run":1,"pid":null,"syscall":{"name":"getppid","arch":"x86_64","nr":110}}
            {"time":"2026-11-22T10:00:02Z","kind":"syscall","containerId":"c1","run":1,"pid":null,"syscall":{"name":null,"arch":"x86","nr":999}}
            {"time":"2026-11-22T10:00:03Z","kind":"exec","containerId":"c1","run":1,"pid":4250,"syscall":null}
            {"time":"2026-11-22T10:00:04Z","kind":"exited","containerId":"c1","run":1,"pid":null,"syscall":null}

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderJson_StopKinds_ViolationCarriesItsSyscall()
    {
        string text = string.Concat(s_stopEvents.Select(EventText.RenderJson));

        Assert.Equal(
            """
            {"time":"2026-11-22T10:00:50Z","kind":"violation","containerId":"c4","run":1,"pid":null,"syscall":{"name":"chroot","arch":"x86_64","nr":161}}
            {"time":"2026-11-22T10:00:50.1Z","kind":"stop-scheduled","containerId":"c4","run":1,"pid":null,"syscall":null}
            {"time":"2026-11-22T10:00:51Z","kind":"violation","containerId":"c4","run":1,"pid":null,"syscall":{"name":null,"arch":"x86","nr":999}}
            {"time":"2026-11-22T10:01:00Z","kind":"stopped","containerId":"c4","run":1,"pid":null,"syscall":null}
            {"time":"2026-11-22T10:01:00.05Z","kind":"exited","containerId":"c4","run":1,"pid":null,"syscall":null}

            """.ReplaceLineEndings("\n"),
            text);
    }
}
