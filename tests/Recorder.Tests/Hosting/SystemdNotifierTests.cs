using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Hosting;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Native;
using Xunit;
using SeccompRecorder.Systemd;

namespace SeccompRecorder.Tests.Hosting;

public sealed class SystemdNotifierTests
{
    [Fact]
    public async Task Notify_AbstractSocket_DatagramArrivesWhole()
    {
        string name = "seccomp-recorder-test-" + Guid.NewGuid().ToString("N");
        using Socket receiver = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        receiver.Bind(new UnixDomainSocketEndPoint("\0" + name));
        using SystemdNotifier notifier = new(Environment(("NOTIFY_SOCKET", "@" + name)), processId: 42);

        bool sent = notifier.Notify("READY=1\nSTATUS=x");

        Assert.True(sent);
        Assert.Equal("READY=1\nSTATUS=x", await ReceiveAsync(receiver));
    }

    [Fact]
    public void Notify_NoNotifySocket_SendsNothing()
    {
        using SystemdNotifier notifier = new(Environment(), processId: 42);

        Assert.False(notifier.Enabled);
        Assert.False(notifier.Notify("READY=1"));
        Assert.Null(notifier.WatchdogInterval);
    }

    [Theory]
    [InlineData("200000", null, "00:00:00.1")]
    [InlineData("30000000", "42", "00:00:15")]
    [InlineData("30000000", "43", null)]
    [InlineData("30000000", "x", null)]
    [InlineData("0", null, null)]
    [InlineData("-5", null, null)]
    [InlineData(null, null, null)]
    public void WatchdogInterval_Environment_HalfOfWatchdogUsecWhenMeantForUs(string? usec, string? pid, string? expected)
    {
        using SystemdNotifier notifier = new(Environment(("WATCHDOG_USEC", usec), ("WATCHDOG_PID", pid)), processId: 42);

        Assert.Equal(expected is null ? null : TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), notifier.WatchdogInterval);
    }

    [Fact]
    public async Task Service_NobodyListening_LoggedOnceAndNotFatal()
    {
        using TempDirectory temp = new();
        using CapturedLogs logs = new();
        using SystemdNotifier notifier = new(Environment(("NOTIFY_SOCKET", temp.File("absent.sock"))), processId: 42);
        using SystemdNotifyService service = new(notifier, TimeProvider.System, "/run/x.sock", logs.CreateLogger("test"));

        await service.StartedAsync(CancellationToken.None);
        await service.StoppingAsync(CancellationToken.None);
        await service.StoppedAsync(CancellationToken.None);

        CapturedLogs.Entry warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(802, warning.EventId.Id); // SystemdLog.NotifyFailed
        Assert.Contains("READY=1", warning.Message, StringComparison.Ordinal);
    }

    internal static async Task<string> ReceiveAsync(Socket receiver)
    {
        byte[] buffer = new byte[4096];
        int length = await receiver.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TestTimeouts.Default);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static Func<string, string?> Environment(params (string Name, string? Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
