using System.Net.Sockets;
using SeccompRecorder.Tests.Hosting;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>The real daemon binary under a fake service manager: a datagram socket named by NOTIFY_SOCKET.</summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class SystemdNotifyTests
{
    private readonly RuncEnvironment _env;

    public SystemdNotifyTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task Daemon_NotifySocketSet_ReadyWhenServingThenStoppingOnSigterm()
    {
        string directory = NewDirectory();
        using Socket manager = BindManager(directory);
        await using DaemonProcess daemon = Launch(directory, new Dictionary<string, string> { ["NOTIFY_SOCKET"] = Path.Combine(directory, "notify.sock") });

        string ready = await SystemdNotifierTests.ReceiveAsync(manager);

        Assert.StartsWith("READY=1\n", ready, StringComparison.Ordinal);
        Assert.Matches("\nMAINPID=[1-9][0-9]*$", ready);
        Assert.DoesNotContain($"MAINPID={Environment.ProcessId}", ready, StringComparison.Ordinal);
        // READY=1 means serving: the API answers at once, without the polling other tests need.
        using (var client = daemon.Client())
        {
            await client.CheckHealthAsync().WaitAsync(TestTimeouts.Default);
        }

        Task<int> exit = daemon.StopAsync();
        Assert.StartsWith("STOPPING=1", await SystemdNotifierTests.ReceiveAsync(manager), StringComparison.Ordinal);
        Assert.Equal(0, await exit);
    }

    [Fact]
    public async Task Daemon_WatchdogUsec_SendsWatchdogRepeatedly()
    {
        string directory = NewDirectory();
        using Socket manager = BindManager(directory);
        await using DaemonProcess daemon = Launch(directory, new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = Path.Combine(directory, "notify.sock"),
            ["WATCHDOG_USEC"] = "200000",
        });

        Assert.StartsWith("READY=1\n", await SystemdNotifierTests.ReceiveAsync(manager), StringComparison.Ordinal);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal("WATCHDOG=1", await SystemdNotifierTests.ReceiveAsync(manager));
        }
    }

    private static Socket BindManager(string directory)
    {
        Socket manager = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        manager.Bind(new UnixDomainSocketEndPoint(Path.Combine(directory, "notify.sock")));
        return manager;
    }

    private static DaemonProcess Launch(string directory, Dictionary<string, string> environment) => DaemonProcess.LaunchWith(
        directory,
        ["--listener", Path.Combine(directory, "listener.sock"), "--api", Path.Combine(directory, "api.sock"),
         "--state-dir", Path.Combine(directory, "state"), "--log-level", "Debug"],
        environment);

    private string NewDirectory() => Directory.CreateDirectory(Path.Combine(_env.TempDir, "daemons", Guid.NewGuid().ToString("N")[..8])).FullName;
}
