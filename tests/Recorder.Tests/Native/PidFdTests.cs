using System.Diagnostics;
using System.Globalization;
using SeccompRecorder.Native;
using Xunit;

namespace SeccompRecorder.Tests.Native;

public sealed class PidFdTests
{
    private const int SIGKILL = 9;

    [Fact]
    public void TryOpen_OwnPid_ReturnsOpenCloseOnExecPidfd()
    {
        Assert.True(PidFd.TryOpen(Environment.ProcessId, out SafeFdHandle pidfd));
        using (pidfd)
        {
            Assert.False(pidfd.IsInvalid);
            Assert.True(ProcSelfFd.IsCloseOnExec(pidfd.FdForDisplay));
        }
    }

    [Fact]
    public void TrySendSignal_SignalZeroToSelf_ReturnsTrue()
    {
        Assert.True(PidFd.TryOpen(Environment.ProcessId, out SafeFdHandle pidfd));
        using (pidfd)
        {
            Assert.True(PidFd.TrySendSignal(pidfd, 0));
        }
    }

    [Fact]
    public async Task TrySendSignal_SigkillToChild_KillsItAndAfterReapReturnsFalse()
    {
        using Process child = Process.Start(new ProcessStartInfo("/bin/sleep", "30") { UseShellExecute = false })!;
        Assert.True(PidFd.TryOpen(child.Id, out SafeFdHandle pidfd));
        using (pidfd)
        {
            try
            {
                Assert.True(PidFd.TrySendSignal(pidfd, 0));

                Assert.True(PidFd.TrySendSignal(pidfd, SIGKILL));
                await child.WaitForExitAsync().WaitAsync(TestTimeouts.Default);

                // .NET reports death by signal N as 128 + N; WaitForExit returns once the child is reaped.
                Assert.Equal(128 + SIGKILL, child.ExitCode);
                Assert.False(PidFd.TrySendSignal(pidfd, 0));
                Assert.False(PidFd.TrySendSignal(pidfd, SIGKILL));
            }
            finally
            {
                if (!child.HasExited)
                {
                    child.Kill();
                }
            }
        }
    }

    [Fact]
    public async Task TryOpen_ReapedChild_ReturnsFalseWithInvalidHandle()
    {
        using Process child = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
        await child.WaitForExitAsync().WaitAsync(TestTimeouts.Default);

        // The pid may in theory be reused by now; on a 2-CPU test VM within microseconds it is not.
        bool opened = PidFd.TryOpen(child.Id, out SafeFdHandle pidfd);
        using (pidfd)
        {
            Assert.False(opened);
            Assert.True(pidfd.IsInvalid);
        }
    }

    [Fact]
    public void TryOpen_PidAbovePidMax_ReturnsFalse()
    {
        // Pids are below /proc/sys/kernel/pid_max, so pid_max itself never names a process.
        int pidMax = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), CultureInfo.InvariantCulture);

        bool opened = PidFd.TryOpen(pidMax, out SafeFdHandle pidfd);
        using (pidfd)
        {
            Assert.False(opened);
            Assert.True(pidfd.IsInvalid);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void TryOpen_NonPositivePid_ThrowsArgumentOutOfRange(int pid)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PidFd.TryOpen(pid, out _));
    }

    [Fact]
    public void TrySendSignal_NotAPidfd_ThrowsNamingTheCall()
    {
        using EventFd eventFd = new();

        ErrnoException e = Assert.Throws<ErrnoException>(() => PidFd.TrySendSignal(eventFd.Handle, 0));

        Assert.Equal(Errno.EBADF, e.Errno);
        Assert.Contains("pidfd_send_signal", e.Message, StringComparison.Ordinal);
    }
}
