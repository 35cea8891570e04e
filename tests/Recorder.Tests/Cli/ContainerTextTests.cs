using SeccompRecorder.Cli.Output;
using Xunit;

namespace SeccompRecorder.Tests.Cli;

public sealed class ContainerTextTests
{
    [Fact]
    public void RenderList_PodExitedAndStopped_AlignedColumnsWithPolicyAndViolations()
    {
        string text = ContainerText.RenderList([SampleViews.Pod, SampleViews.Exited, SampleViews.Stopped], SampleViews.Now);

        Assert.Equal(
            """
            ID   RUN   STATE     POLICY   PID    LISTENERS   NOTIFICATIONS   VIOLATIONS   FIRST SEEN   LAST SEEN   POD
            c1   1     running   log      4242   1/2         128             128          1m ago       0s ago      default/web-0/nginx
            c2   1     exited    record   4343   0/1         0               0            3d ago       5h ago      -
            c4   1     exited    stop     4444   0/1         4               4            1m ago       35s ago     prod/api-7/app

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderList_NoContainers_HeaderOnly()
    {
        string text = ContainerText.RenderList([], SampleViews.Now);

        Assert.Equal("ID   RUN   STATE   POLICY   PID   LISTENERS   NOTIFICATIONS   VIOLATIONS   FIRST SEEN   LAST SEEN   POD\n", text);
    }

    [Fact]
    public void RenderList_NewlineInIdNoPolicy_EscapedOnOneLineDash()
    {
        string text = ContainerText.RenderList([SampleViews.Hostile], SampleViews.Now);

        Assert.Equal(
            """
            ID                   RUN   STATE     POLICY   PID   LISTENERS   NOTIFICATIONS   VIOLATIONS   FIRST SEEN   LAST SEEN   POD
            evil\nc3   running   1     running   -        1     1/1         1               1            1m ago       1m ago      -

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderDetails_PodContainer_FieldsThenSyscallsByCount()
    {
        string text = ContainerText.RenderDetails(SampleViews.Pod, SampleViews.Now);

        Assert.Equal(
            """
            id:                    c1
            run:                   1
            runtime namespace:     -
            state:                 running
            init pid:              4242
            bundle:                /tmp/bundle/c1
            oci version:           1.0.2-dev
            metadata:              policy=log
            pod:                   default/web-0/nginx
            pod uid:               uid-1
            policy:                log (from metadata), errno ENOSYS (default)
            first seen:            2026-11-22T10:00:00Z (1m ago)
            last seen:             2026-11-22T10:01:29Z (0s ago)
            exited at:             -
            terminated:            -
            termination message:   -
            listeners:             1 open, 2 total
            notifications:         128
            violations:            128
            coverage:              -
            annotations:
              io.kubernetes.pod.name=web-0
              io.kubernetes.pod.namespace=default

            SYSCALL   ARCH     NR    COUNT   DENIED   VIOLATIONS   FIRST SEEN   LAST SEEN
            read      x86_64   0     120     120      120          1m ago       0s ago
            getpid    x86_64   39    7       7        7            1m ago       5s ago
            ?         x86      999   1       1        1            1m ago       1m ago

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderDetails_ArgumentValues_SecondTableWithOtherRowAndEscapedText()
    {
        string text = ContainerText.RenderDetails(SampleViews.WithArguments, SampleViews.Now);

        Assert.EndsWith(
            """
            SYSCALL   ARCH     NR   COUNT   DENIED   VIOLATIONS   FIRST SEEN   LAST SEEN
            socket    x86_64   41   6       0        0            1m ago       10s ago

            SYSCALL   ARCH     ARGUMENT   VALUE         COUNT
            socket    x86_64   domain     AF_INET       3
            socket    x86_64   domain     AF_ALG        1
            socket    x86_64   domain     (other)       2
            socket    x86_64   type       SOCK_STREAM   5
            socket    x86_64   type       x\ny          1

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderDetails_Paths_TableWithTruncatedOtherAndUnreadRows()
    {
        SyscallView mkdir = new("mkdir", "x86_64", 83, 9, 9, SampleViews.T0.AddSeconds(20), SampleViews.T0.AddSeconds(70), null, Violations: 9,
            Paths: new PathsView([new("/tmp/denied", false, 4), new(@"rel/x\x09y", false, 1), new("/tmp/aaaa", true, 1)], 2, 1));
        ContainerView container = SampleViews.WithArguments with { Syscalls = [mkdir] };

        string text = ContainerText.RenderDetails(container, SampleViews.Now);

        Assert.EndsWith(
            """
            SYSCALL   ARCH     NR   COUNT   DENIED   VIOLATIONS   FIRST SEEN   LAST SEEN
            mkdir     x86_64   83   9       9        9            1m ago       20s ago

            SYSCALL   ARCH     PATH                       COUNT
            mkdir     x86_64   /tmp/denied                4
            mkdir     x86_64   rel/x\x09y                 1
            mkdir     x86_64   /tmp/aaaa... (truncated)   1
            mkdir     x86_64   (other)                    2
            mkdir     x86_64   (unread)                   1

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderDetails_Executables_ThirdTableOneRowPerCallAndTruncationSaid()
    {
        string text = ContainerText.RenderDetails(SampleViews.WithExecutables, SampleViews.Now);

        Assert.EndsWith(
            """
            SYSCALL   ARCH     NR   COUNT   DENIED   VIOLATIONS   FIRST SEEN   LAST SEEN
            getpid    x86_64   39   7       7        7            1m ago       5s ago

            EXECUTABLE   SYSCALL   ARCH     COUNT   DENIED
            /bin/one     getpid    x86_64   6       1
            /bin/one     ?         x86      1       0
            /bin/t\nwo   uname     x86_64   3       0
            (more executables than shown: --executables N, up to 66)

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderDetails_PathWithAnEscapeTheDaemonDidNotMake_EscapedHere()
    {
        SyscallView mkdir = new("mkdir", "x86_64", 83, 1, 1, SampleViews.T0, SampleViews.T0, null, Violations: 1,
            Paths: new PathsView([new("a\nb\u001b", false, 1)], 0, 0));

        string text = ContainerText.RenderDetails(SampleViews.WithArguments with { Syscalls = [mkdir] }, SampleViews.Now);

        Assert.Contains(@"mkdir     x86_64   a\nb\x1b   1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderDetails_NoSyscallsNoAnnotations_DashesAndHeaderOnly()
    {
        string text = ContainerText.RenderDetails(SampleViews.Exited, SampleViews.Now);

        Assert.Equal(
            """
            id:                    c2
            run:                   1
            runtime namespace:     -
            state:                 exited
            init pid:              4343
            bundle:                /tmp/bundle/c2
            oci version:           1.0.2
            metadata:              -
            pod:                   -
            pod uid:               -
            policy:                record (default)
            first seen:            2026-11-19T10:00:00Z (3d ago)
            last seen:             2026-11-22T05:00:00Z (5h ago)
            exited at:             2026-11-22T05:00:00Z (5h ago)
            terminated:            -
            termination message:   -
            listeners:             0 open, 1 total
            notifications:         0
            violations:            0
            coverage:              -
            annotations:           -

            SYSCALL   ARCH   NR   COUNT   DENIED   VIOLATIONS   FIRST SEEN   LAST SEEN

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void RenderDetails_StoppedContainer_PolicyWithSourcesAndTermination()
    {
        string text = ContainerText.RenderDetails(SampleViews.Stopped, SampleViews.Now);

        Assert.Equal(
            """
            id:                    c4
            run:                   1
            runtime namespace:     -
            state:                 exited
            init pid:              4444
            bundle:                /tmp/bundle/c4
            oci version:           1.0.2
            metadata:              grace=5s
            pod:                   prod/api-7/app
            pod uid:               uid-4
            policy:                stop (from annotation), errno ENOSYS (default), grace 5s (from metadata)
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
            chroot    x86_64   161   2       2        2            40s ago      35s ago
            swapoff   x86_64   168   2       2        2            39s ago      36s ago

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Theory]
    [InlineData("record", 38, "ENOSYS", 5_000, "record (default)")]
    [InlineData("log", 1, "EPERM", 5_000, "log (default), errno EPERM (from metadata)")]
    [InlineData("log", 200, null, 5_000, "log (default), errno 200 (from metadata)")]
    [InlineData("stop", 38, "ENOSYS", 500, "stop (default), errno ENOSYS (from metadata), grace 500ms (from annotation)")]
    [InlineData("stop", 38, "ENOSYS", 90_000, "stop (default), errno ENOSYS (from metadata), grace 1m30s (from annotation)")]
    [InlineData("stop", 38, "ENOSYS", null, "stop (default), errno ENOSYS (from metadata), grace - (from annotation)")]
    [InlineData("unknown", 38, "ENOSYS", 5_000, "unknown (default), errno ENOSYS (from metadata), grace 5s (from annotation)")]
    public void RenderDetails_PolicyMode_OnlyTheSettingsTheModeUses(string mode, int errno, string? errnoName, int? graceMs, string expected)
    {
        var policy = new PolicyView(
            mode, "default", errno, errnoName, "metadata", graceMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, "annotation");

        string text = ContainerText.RenderDetails(SampleViews.Exited with { Policy = policy }, SampleViews.Now);

        Assert.Contains($"\npolicy:                {expected}\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("audit", false, "audit (default)")]
    [InlineData("audit", true, "audit (default), errnos of the source profile")]
    [InlineData("log", true, "log (default), errnos of the source profile")]
    [InlineData("stop", true, "stop (default), errnos of the source profile, grace 5s (from annotation)")]
    public void RenderDetails_AuditOrTheSourcesAnswers_NoPolicyErrno(string mode, bool sourceAnswers, string expected)
    {
        var policy = new PolicyView(mode, "default", 38, "ENOSYS", "metadata", TimeSpan.FromSeconds(5), "annotation", sourceAnswers);

        string text = ContainerText.RenderDetails(SampleViews.Exited with { Policy = policy }, SampleViews.Now);

        Assert.Contains($"\npolicy:                {expected}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderDetails_UnknownPolicySource_NoParentheses()
    {
        var policy = new PolicyView("log", "unknown", 1, "EPERM", "unknown", TimeSpan.FromSeconds(5), "unknown");

        string text = ContainerText.RenderDetails(SampleViews.Exited with { Policy = policy }, SampleViews.Now);

        Assert.Contains("\npolicy:                log, errno EPERM\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderDetails_HostileStrings_EveryValueOnItsOwnLine()
    {
        string text = ContainerText.RenderDetails(SampleViews.Hostile, SampleViews.Now);

        Assert.Equal(
            """
            id:                    evil\nc3   running
            run:                   1
            runtime namespace:     -
            state:                 running
            init pid:              1
            bundle:                /b\\u
            oci version:           1.0.2
            metadata:              line1\r\nline2
            pod:                   -
            pod uid:               -
            policy:                -
            first seen:            2026-11-22T10:00:00Z (1m ago)
            last seen:             2026-11-22T10:00:00Z (1m ago)
            exited at:             -
            terminated:            seccomp\tkilled
            termination message:   Used forbidden syscalls: x\n\x1b[2Jy (1x)\u202e
            listeners:             1 open, 1 total
            notifications:         1
            violations:            1
            coverage:              -
            annotations:
              a"quote=say "hi"\n\x1b[2Jgone
              rtl=abc\u202edef\u2028
              tab=x\ty

            SYSCALL   ARCH   NR   COUNT   DENIED   VIOLATIONS   FIRST SEEN   LAST SEEN

            """.ReplaceLineEndings("\n"),
            text);
    }
}
