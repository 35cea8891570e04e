using SeccompRecorder.Native;
using Xunit;

namespace SeccompRecorder.Tests.Native;

/// <summary>
/// The wake-up signal interrupts a system call that blocks for good (poll(2) of an eventfd nobody signals, as a RECV
/// without notifications blocks), which the runtime's SA_RESTART would otherwise restart; SA_RESTART is gone after
/// <see cref="ThreadWakeSignal.Install"/>, and the process survives every signal.
/// </summary>
public sealed class ThreadWakeSignalTests
{
    [Fact]
    public void Install_Always_RealTimeSignalAboveTheRuntimesWithoutSaRestart()
    {
        using ThreadWakeSignal signal = ThreadWakeSignal.Install();

        Assert.Equal(Interop.__libc_current_sigrtmin() + 4, signal.Number);
        Assert.True(signal.InterruptsSystemCalls());
    }

    [Fact]
    public unsafe void Wake_ThreadBlockedInPoll_PollFailsWithEintrAndTheThreadCarriesOn()
    {
        using ThreadWakeSignal signal = ThreadWakeSignal.Install();
        using EventFd neverSignalled = new();
        int fd = neverSignalled.Handle.FdForDisplay;
        int threadId = 0;
        int result = 0;
        Errno errno = Errno.SUCCESS;
        Thread blocked = new(() =>
        {
            Volatile.Write(ref threadId, ThreadWakeSignal.CurrentThreadId());
            Interop.pollfd pollfd = new() { fd = fd, events = Interop.POLLIN };
            result = Interop.poll(&pollfd, 1, -1);
            errno = Interop.LastErrno();
        });
        blocked.Start();

        // A signal that lands before the thread is in poll is handled and forgotten: repeat until it has returned.
        int sent = 0;
        do
        {
            int id = Volatile.Read(ref threadId);
            if (id != 0 && signal.Wake(id))
            {
                sent++;
            }
        }
        while (!blocked.Join(TimeSpan.FromMilliseconds(20)) && sent < 500);

        Assert.False(blocked.IsAlive, "the blocked poll was not interrupted");
        Assert.Equal((-1, Errno.EINTR), (result, errno));
    }

    [Fact]
    public async Task Wake_NoSuchThread_False()
    {
        using ThreadWakeSignal signal = ThreadWakeSignal.Install();
        int threadId = 0;
        Thread ended = new(() => threadId = ThreadWakeSignal.CurrentThreadId());
        ended.Start();
        ended.Join();

        // The thread has exited: its id names nothing in this process until the kernel reuses it.
        await TestTimeouts.WaitUntilAsync(() => !Directory.Exists($"/proc/self/task/{threadId}"), "the ended thread's task is gone");
        Assert.False(signal.Wake(threadId));
    }
}
