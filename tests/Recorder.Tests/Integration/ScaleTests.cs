using SeccompRecorder.Api.V1;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Tests.Grpc;
using Xunit;
using Xunit.Abstractions;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// Issue #5 point 4: 1000 containers' notify fds held by one daemon at the same time, each counted exactly, within
/// 256 MiB, and every fd and thread given back. The fds come from tests/helpers/notifyhand, which hands them over as
/// runc 1.1.5 does (one sendmsg: the state JSON and SCM_RIGHTS) from 1000 processes: runc itself would need 1000
/// `runc run`s. Nothing here asserts a timing; the measured sizes go to the test output.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class ScaleTests
{
    private const int Containers = 1000;
    private const int Calls = 50;
    private const long MemoryLimitKiB = 256 * 1024;

    private readonly RuncEnvironment _env;
    private readonly ITestOutputHelper _output;

    public ScaleTests(RuncEnvironment env, ITestOutputHelper output)
    {
        _env = env;
        _output = output;
    }

    [Fact]
    public async Task Daemon_ThousandListenersAtOnce_AllOpenTogetherEachCountedExactlyUnder256MiBFdsBack()
    {
        string directory = Directory.CreateDirectory(Path.Combine(_env.TempDir, "daemons", "scale-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(directory);
        using RecorderClient client = daemon.Client();
        // Each container holds its notify fd and a pidfd of its init: the daemon must be allowed well over 2000 fds.
        // .NET raises the soft RLIMIT_NOFILE to the hard limit at start; a hard limit below this is the machine's.
        long limit = ProcStatus.OpenFilesSoftLimit(daemon.Pid);
        Assert.True(limit >= (2 * Containers) + 500, $"the daemon may open {limit} fds (RLIMIT_NOFILE): {Containers} containers need 2 each; raise the hard limit (ulimit -Hn, LimitNOFILE=)");

        // Two containers through the same path first: assemblies, the thread pool and the database are then as they
        // will stay, and the fd baseline is taken after them.
        await RunAsync(daemon, 2, 1, "warm");
        await WaitAsync(client, s => s.ListenersOpen == 0 && s.ContainersRunning == 0, "the warm-up containers have exited", daemon);
        string[] fdsBefore = [.. DaemonFds.NonAssembly(daemon.Pid)];
        long rssBefore = ProcStatus.Field(daemon.Pid, "VmRSS");

        await using NotifyHand hand = NotifyHand.Start(_env.HelpersDir, daemon.ListenerPath, Containers, Calls, "scale");
        await hand.WaitAttachedAsync(Containers, TestTimeouts.Default);
        Status attached = await WaitAsync(client, s => s.ListenersOpen >= Containers, $"{Containers} listeners are open", daemon);
        long rss = ProcStatus.Field(daemon.Pid, "VmRSS");
        long threads = ProcStatus.Field(daemon.Pid, "Threads");
        int fdsAttached = DaemonFds.NonAssembly(daemon.Pid).Count;
        _output.WriteLine($"before: VmRSS {rssBefore} KiB, {fdsBefore.Length} fds; {Containers} attached: VmRSS {rss} KiB, {threads} threads, {fdsAttached} fds, RLIMIT_NOFILE {limit}");

        Assert.Equal(((uint)Containers, (uint)Containers), (attached.ListenersOpen, attached.ContainersRunning));
        Assert.True(rss < MemoryLimitKiB, $"VmRSS {rss} KiB with {Containers} listeners open, over {MemoryLimitKiB} KiB");
        Assert.True(threads >= Containers, $"{threads} threads for {Containers} listeners: one thread per notify fd");

        (int exitCode, string[] lines) = await hand.ReleaseAsync(TestTimeouts.Default);
        Assert.True(exitCode == 0, $"notifyhand exited {exitCode}:\n{string.Join('\n', lines.Where(l => !l.Contains("errors=0 ", StringComparison.Ordinal)))}\n{hand.StandardError}");
        Assert.Equal($"done {Containers} children {Calls} calls: 0 failed", lines[^1]);
        Assert.Equal(Containers, lines.Count(l => l.EndsWith($" ok={Calls} errors=0 last_errno=0", StringComparison.Ordinal)));

        Status after = await WaitAsync(client, s => s.ListenersOpen == 0 && s.ContainersRunning == 0, "every listener has closed", daemon);
        Assert.Equal((2UL + (Containers * Calls), (ulong)(Containers + 2)), (after.Notifications, after.ContainersTotal));
        IReadOnlyList<Container> listed = await client.ListContainersAsync().WaitAsync(TestTimeouts.Default);
        Container[] scale = [.. listed.Where(c => c.Id.StartsWith("scale-", StringComparison.Ordinal))];
        Assert.Equal(Containers, scale.Length);
        Assert.All(scale, c => Assert.Equal((ContainerState.Exited, 0U, 1U, (ulong)Calls), (c.State, c.ListenersOpen, c.ListenersTotal, c.Notifications)));
        for (int i = 0; i < Containers; i++)
        {
            Container container = await client.GetContainerAsync($"scale-{i}").WaitAsync(TestTimeouts.Default);
            Syscall syscall = Assert.Single(container.Syscalls);
            Assert.Equal(("getppid", "x86_64", 110L, (ulong)Calls, 0UL), (syscall.Name, syscall.Arch, syscall.Nr, syscall.Count, syscall.Denied));
        }

        await Poll.UntilAsync(
            _ => Task.FromResult(DaemonFds.NonAssembly(daemon.Pid).Count <= fdsBefore.Length ? "back" : null),
            () => $"the daemon's fds are back to the {fdsBefore.Length} before [{string.Join(' ', fdsBefore)}], now [{string.Join(' ', DaemonFds.NonAssembly(daemon.Pid))}]");
        await Poll.UntilAsync(
            _ => Task.FromResult(ProcStatus.Field(daemon.Pid, "Threads") < Containers / 10 ? "gone" : null),
            () => $"the notify threads have ended ({ProcStatus.Field(daemon.Pid, "Threads")} threads left)");
        _output.WriteLine($"after: VmRSS {ProcStatus.Field(daemon.Pid, "VmRSS")} KiB, {ProcStatus.Field(daemon.Pid, "Threads")} threads, {DaemonFds.NonAssembly(daemon.Pid).Count} fds");
    }

    [Fact]
    public async Task Daemon_OutOfFds_RuntimesWaitInTheBacklogAndEveryCallIsServed()
    {
        const int children = 40;
        const int calls = 200;
        string directory = Directory.CreateDirectory(Path.Combine(_env.TempDir, "daemons", "nofds-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(directory);
        using RecorderClient client = daemon.Client();
        await RunAsync(daemon, 2, 1, "nofds-warm");
        await WaitAsync(client, s => s.ListenersOpen == 0, "the warm-up containers have exited", daemon);
        // Room for a few containers above the listener's reserve of 32 fds, far fewer than the 40 that connect.
        int open = Directory.GetFiles($"/proc/{daemon.Pid}/fd").Length;
        int limit = open + 32 + 10;
        Demo.ProcessResult prlimit = await Demo.ProcessRunner.RunAsync(
            "prlimit", ["--pid", daemon.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), $"--nofile={limit}:{limit}"], TestTimeouts.Default, CancellationToken.None);
        Assert.True(prlimit.Succeeded, prlimit.ToString());

        await using NotifyHand hand = NotifyHand.Start(_env.HelpersDir, daemon.ListenerPath, children, calls, "nofds");
        await hand.WaitAttachedAsync(children, TestTimeouts.Default);
        // Nobody exits before the release: the daemon fills its fds and then stops accepting.
        await TestTimeouts.WaitUntilAsync(() => daemon.Output.Contains("Not accepting runtime connections for now", StringComparison.Ordinal), "the listener defers for want of fds");
        Status waiting = await client.GetStatusAsync().WaitAsync(TestTimeouts.Default);
        (int exitCode, string[] lines) = await hand.ReleaseAsync(TestTimeouts.Default);
        Status after = await WaitAsync(client, s => s.ListenersOpen == 0 && s.ContainersRunning == 0, "every listener has closed", daemon);
        _output.WriteLine($"fd limit {limit} ({open} open before); {waiting.ListenersOpen} of {children} served at first");

        // The ones that found no room were accepted as others exited: none lost its fd, none got ENOSYS.
        Assert.True(waiting.ListenersOpen < children, $"all {children} fit under the limit: the test proves nothing");
        Assert.True(exitCode == 0, $"notifyhand exited {exitCode}:\n{string.Join('\n', lines)}\n{hand.StandardError}");
        Assert.Equal(children, lines.Count(l => l.EndsWith($" ok={calls} errors=0 last_errno=0", StringComparison.Ordinal)));
        Assert.Equal(2UL + (children * calls), after.Notifications);
        Assert.False(daemon.HasExited);
        Assert.DoesNotContain("fail:", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyHand_ListenerNotThere_FailsBeforeAttachingAndSaysWhy()
    {
        // The helper's own failure path: the test above relies on it to report a child that could not hand over.
        string missing = Path.Combine(_env.TempDir, "no-listener.sock");
        await using NotifyHand hand = NotifyHand.Start(_env.HelpersDir, missing, 3, 1, "none");

        InvalidOperationException failure = await Assert.ThrowsAsync<InvalidOperationException>(() => hand.WaitAttachedAsync(3, TestTimeouts.Default));

        Assert.Contains("connect: No such file or directory", failure.Message, StringComparison.Ordinal);
        Assert.Contains("3 of 3 children could not hand over their notify fd", failure.Message, StringComparison.Ordinal);
    }

    private async Task RunAsync(DaemonProcess daemon, int children, int calls, string prefix)
    {
        await using NotifyHand hand = NotifyHand.Start(_env.HelpersDir, daemon.ListenerPath, children, calls, prefix);
        await hand.WaitAttachedAsync(children, TestTimeouts.Default);
        (int exitCode, string[] lines) = await hand.ReleaseAsync(TestTimeouts.Default);
        Assert.True(exitCode == 0, $"notifyhand {prefix} exited {exitCode}:\n{string.Join('\n', lines)}\n{hand.StandardError}");
    }

    private static Task<Status> WaitAsync(RecorderClient client, Func<Status, bool> condition, string what, DaemonProcess daemon) =>
        Poll.UntilAsync(
            async ct => await client.GetStatusAsync(ct) is { } status && condition(status) ? status : null,
            () => $"{what} (daemon log tail:\n{Tail(daemon.Output)})");

    private static string Tail(string output) => output.Length > 8000 ? output[^8000..] : output;
}
