using SeccompRecorder.Cli.Output;
using Xunit;

namespace SeccompRecorder.Tests.Cli;

public sealed class EventTextTests
{
    private static readonly EventView[] s_events =
    [
        new(SampleViews.T0, "attached", "c1", 4242, null),
        new(SampleViews.T0.AddMilliseconds(1500), "syscall", "c1", null, new SyscallView("getppid", "x86_64", 110, 1, null, null)),
        new(SampleViews.T0.AddSeconds(2), "syscall", "c1", null, SampleViews.Unnamed),
        new(SampleViews.T0.AddSeconds(3), "exec", "c1", 4250, null),
        new(SampleViews.T0.AddSeconds(4), "exited", "c1", null, null),
    ];

    [Fact]
    public void RenderLine_EachKind_FixedWidthTimeAndKind()
    {
        string text = string.Concat(s_events.Select(EventText.RenderLine));

        Assert.Equal(
            """
            2026-11-22T10:00:00.000Z   attached   c1   pid 4242
            2026-11-22T10:00:01.500Z   syscall    c1   x86_64 getppid (110)
            2026-11-22T10:00:02.000Z   syscall    c1   x86 ? (999)
            2026-11-22T10:00:03.000Z   exec       c1   pid 4250
            2026-11-22T10:00:04.000Z   exited     c1

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderLine_NewlineInContainerId_StaysOneLine()
    {
        string line = EventText.RenderLine(new EventView(SampleViews.T0, "exited", "x\ny", null, null));

        Assert.Equal("2026-11-22T10:00:00.000Z   exited     x\\ny\n", line);
    }

    [Fact]
    public void RenderJson_EachKind_OneCompactObjectPerLine()
    {
        string text = string.Concat(s_events.Select(EventText.RenderJson));

        Assert.Equal(
            """
            {"time":"2026-11-22T10:00:00Z","kind":"attached","containerId":"c1","pid":4242,"syscall":null}
            {"time":"2026-11-22T10:00:01.5Z","kind":"syscall","containerId":"c1","pid":null,"syscall":{"name":"getppid","arch":"x86_64","nr":110}}
            {"time":"2026-11-22T10:00:02Z","kind":"syscall","containerId":"c1","pid":null,"syscall":{"name":null,"arch":"x86","nr":999}}
            {"time":"2026-11-22T10:00:03Z","kind":"exec","containerId":"c1","pid":4250,"syscall":null}
            {"time":"2026-11-22T10:00:04Z","kind":"exited","containerId":"c1","pid":null,"syscall":null}

            """.ReplaceLineEndings("\n"),
            text);
    }
}
