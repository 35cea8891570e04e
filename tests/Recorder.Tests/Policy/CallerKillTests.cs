using System.Diagnostics;
using SeccompRecorder.Policy;
using Xunit;

namespace SeccompRecorder.Tests.Policy;

/// <summary>A KILL rule's stand-in: SIGKILL to the whole thread group of the calling thread, found by its thread id.</summary>
public sealed class CallerKillTests
{
    [Fact]
    public async Task TryKill_ThreadThatIsNotTheLeader_WholeProcessEndsWithSigkill()
    {
        // A second thread prints its thread id and sleeps; the main thread waits for it. seccomp_notif.pid is such an id.
        using Process python = Process.Start(new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList =
            {
                "-c",
                "import threading, time\n"
                + "t = threading.Thread(target=lambda: (print(threading.get_native_id(), flush=True), time.sleep(60)))\n"
                + "t.start(); t.join()",
            },
            RedirectStandardOutput = true,
        })!;
        uint tid = uint.Parse((await python.StandardOutput.ReadLineAsync().WaitAsync(TestTimeouts.Default))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEqual((uint)python.Id, tid);

        Assert.True(CallerKill.TryKill(tid));

        await python.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(128 + 9, python.ExitCode);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(uint.MaxValue)]
    public void TryKill_CallerNotVisibleOrNoSuchId_Nothing(uint tid) => Assert.False(CallerKill.TryKill(tid));
}
