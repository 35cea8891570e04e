using SeccompRecorder.Cli.Output;
using Xunit;

namespace SeccompRecorder.Tests.Cli;

public sealed class ContainerTextTests
{
    [Fact]
    public void RenderList_PodAndExitedContainers_AlignedColumnsWithRelativeTimes()
    {
        string text = ContainerText.RenderList([SampleViews.Pod, SampleViews.Exited], SampleViews.Now);

        Assert.Equal(
            """
            ID   STATE     PID    LISTENERS   NOTIFICATIONS   FIRST SEEN   LAST SEEN   POD
            c1   running   4242   1/2         128             1m ago       0s ago      default/web-0/nginx
            c2   exited    4343   0/1         0               3d ago       5h ago      -

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderList_NoContainers_HeaderOnly()
    {
        string text = ContainerText.RenderList([], SampleViews.Now);

        Assert.Equal("ID   STATE   PID   LISTENERS   NOTIFICATIONS   FIRST SEEN   LAST SEEN   POD\n", text);
    }

    [Fact]
    public void RenderList_NewlineInId_EscapedOnOneLine()
    {
        string text = ContainerText.RenderList([SampleViews.Hostile], SampleViews.Now);

        Assert.Equal(
            """
            ID                   STATE     PID   LISTENERS   NOTIFICATIONS   FIRST SEEN   LAST SEEN   POD
            evil\nc3   running   running   1     1/1         1               1m ago       1m ago      -

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderDetails_PodContainer_FieldsThenSyscallsByCount()
    {
        string text = ContainerText.RenderDetails(SampleViews.Pod, SampleViews.Now);

        Assert.Equal(
            """
            id:              c1
            state:           running
            init pid:        4242
            bundle:          /tmp/bundle/c1
            oci version:     1.0.2-dev
            metadata:        policy=log
            pod:             default/web-0/nginx
            pod uid:         uid-1
            first seen:      2026-11-22T10:00:00Z (1m ago)
            last seen:       2026-11-22T10:01:29Z (0s ago)
            exited at:       -
            listeners:       1 open, 2 total
            notifications:   128
            annotations:
              io.kubernetes.pod.name=web-0
              io.kubernetes.pod.namespace=default

            SYSCALL   ARCH     NR    COUNT   FIRST SEEN   LAST SEEN
            read      x86_64   0     120     1m ago       0s ago
            getpid    x86_64   39    7       1m ago       5s ago
            ?         x86      999   1       1m ago       1m ago

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderDetails_NoSyscallsNoAnnotations_DashesAndHeaderOnly()
    {
        string text = ContainerText.RenderDetails(SampleViews.Exited, SampleViews.Now);

        Assert.Equal(
            """
            id:              c2
            state:           exited
            init pid:        4343
            bundle:          /tmp/bundle/c2
            oci version:     1.0.2
            metadata:        -
            pod:             -
            pod uid:         -
            first seen:      2026-11-19T10:00:00Z (3d ago)
            last seen:       2026-11-22T05:00:00Z (5h ago)
            exited at:       2026-11-22T05:00:00Z (5h ago)
            listeners:       0 open, 1 total
            notifications:   0
            annotations:     -

            SYSCALL   ARCH   NR   COUNT   FIRST SEEN   LAST SEEN

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderDetails_HostileAnnotations_EveryValueOnItsOwnLine()
    {
        string text = ContainerText.RenderDetails(SampleViews.Hostile, SampleViews.Now);

        Assert.Equal(
            """
            id:              evil\nc3   running
            state:           running
            init pid:        1
            bundle:          /b\\u
            oci version:     1.0.2
            metadata:        line1\r\nline2
            pod:             -
            pod uid:         -
            first seen:      2026-11-22T10:00:00Z (1m ago)
            last seen:       2026-11-22T10:00:00Z (1m ago)
            exited at:       -
            listeners:       1 open, 1 total
            notifications:   1
            annotations:
              a"quote=say "hi"\n\x1b[2Jgone
              rtl=abc\u202edef\u2028
              tab=x\ty

            SYSCALL   ARCH   NR   COUNT   FIRST SEEN   LAST SEEN

            """.ReplaceLineEndings("\n"),
            text);
    }
}
