using System.Net.Sockets;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Metrics;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// Runtime connections that say nothing for a while, as crun's do between create and start: no time limit before the
/// first byte (the connection timeout counts from it), a bound on how many wait, a hand-over that carries them to the
/// successor untouched, and a peer that closes without a byte is not a refusal.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class WaitingConnectionTests
{
    private readonly RuncEnvironment _env;

    public WaitingConnectionTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task SilentLongerThanTheConnectionTimeout_ThenSends_ServedAndCountedExactly()
    {
        string dir = Path.Combine(_env.TempDir, "daemons", "wait-silent");
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(dir, "--connection-timeout", "1s");
        await using NotifyHand hand = NotifyHand.Start(_env.HelpersDir, daemon.ListenerPath, 1, 100, "slow", NotifyHand.SendDelay(TimeSpan.FromSeconds(3)));

        await hand.WaitAttachedAsync(1, TestTimeouts.Default);
        (int exitCode, string[] lines) = await hand.ReleaseAsync(TestTimeouts.Default);

        Assert.True(exitCode == 0, string.Join('\n', lines) + hand.StandardError + daemon.Output);
        Container container = await daemon.WaitForContainerExitAsync("slow-0");
        Assert.Equal(100UL, container.Notifications);
        Assert.DoesNotContain("Rejected a runtime connection", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Takeover_ConnectionWaitingForItsFirstByte_TheSuccessorServesIt()
    {
        string dir = Path.Combine(_env.TempDir, "daemons", "wait-takeover");
        DaemonProcess first = await DaemonProcess.StartAsync(dir);
        await using DaemonProcessGuard guard = new(first);
        await using NotifyHand hand = NotifyHand.Start(_env.HelpersDir, first.ListenerPath, 1, 100, "parked", NotifyHand.SendDelay(TimeSpan.FromSeconds(10)));
        await Poll.UntilAsync(
            _ => Task.FromResult(first.Output.Contains("Runtime connection from pid", StringComparison.Ordinal) ? "connected" : null),
            () => $"notifyhand connected (daemon log:\n{first.Output})");

        await using DaemonProcess second = DaemonProcess.Launch(dir, "--takeover");
        Assert.Equal(0, await first.WaitForExitAsync());
        await second.WaitUntilServingAsync();
        await hand.WaitAttachedAsync(1, TimeSpan.FromSeconds(30));
        (int exitCode, string[] lines) = await hand.ReleaseAsync(TestTimeouts.Default);

        Assert.True(exitCode == 0, string.Join('\n', lines) + hand.StandardError + second.Output);
        Assert.Contains("and 1 runtime connections waiting for their first byte", second.Output, StringComparison.Ordinal);
        Container container = await second.WaitForContainerExitAsync("parked-0");
        Assert.Equal(100UL, container.Notifications);
    }

    [Fact]
    public async Task MaxWaitingConnections_Reached_NextRuntimeWaitsInTheBacklogUntilOneLeaves()
    {
        string dir = Path.Combine(_env.TempDir, "daemons", "wait-bound");
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(dir, "--max-waiting-connections", "2");
        List<Socket> silent = [Connect(daemon.ListenerPath), Connect(daemon.ListenerPath)];
        await using NotifyHand hand = NotifyHand.Start(_env.HelpersDir, daemon.ListenerPath, 1, 10, "queued");
        try
        {
            await Poll.UntilAsync(
                _ => Task.FromResult(daemon.Output.Contains("Not accepting runtime connections for now: 2 connections wait", StringComparison.Ordinal) ? "full" : null),
                () => $"the daemon stopped accepting (log:\n{daemon.Output})");
            using (RecorderClient client = daemon.Client())
            {
                Assert.Equal(0U, (await client.GetStatusAsync()).ListenersOpen);
            }

            silent[0].Dispose();
            await hand.WaitAttachedAsync(1, TestTimeouts.Default);
            (int exitCode, _) = await hand.ReleaseAsync(TestTimeouts.Default);
            Assert.Equal(0, exitCode);
            Assert.Equal(10UL, (await daemon.WaitForContainerExitAsync("queued-0")).Notifications);
        }
        finally
        {
            silent.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task ClosedBeforeItsFirstByte_CountedAsClosedNotRejectedAndLoggedAtDebugOnly()
    {
        string dir = Path.Combine(_env.TempDir, "daemons", "wait-closed");
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(dir);
        Connect(daemon.ListenerPath).Dispose();

        await Poll.UntilAsync(
            _ => Task.FromResult(daemon.Output.Contains("closed before sending anything", StringComparison.Ordinal) ? "logged" : null),
            () => $"the daemon saw the close (log:\n{daemon.Output})");
        string metrics = await MetricsScrape.GetTextAsync(await MetricsScrape.EndpointAsync(daemon));
        using RecorderClient client = daemon.Client();

        Assert.Equal(["seccomp_recorder_listener_connections_total{result=\"closed\",reason=\"\"} 1"], MetricsScrape.Lines(metrics, "seccomp_recorder_listener_connections_total{result=\"closed\""));
        Assert.Equal(0UL, (await client.GetStatusAsync()).ConnectionsRejected);
        Assert.DoesNotContain("warn", daemon.Output, StringComparison.Ordinal);
    }

    private static Socket Connect(string path)
    {
        Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        return socket;
    }
}
