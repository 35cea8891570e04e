using SeccompRecorder.Native;
using Xunit;

namespace SeccompRecorder.Tests.Native;

public sealed class EventFdTests
{
    [Fact]
    public void Constructor_Always_OpensNonBlockingCloseOnExecEventfd()
    {
        using EventFd eventFd = new();
        int fd = eventFd.Handle.FdForDisplay;

        Assert.Equal("anon_inode:[eventfd]", ProcSelfFd.Target(fd));
        Assert.True(ProcSelfFd.IsCloseOnExec(fd));
        Assert.True(ProcSelfFd.IsNonBlocking(fd));
        Assert.Equal(0UL, ProcSelfFd.EventFdCount(fd));
    }

    [Fact]
    public void Signal_Twice_CountsTwoAndStaysReadable()
    {
        using EventFd eventFd = new();
        Assert.Equal(0, PollIn(eventFd.Handle));

        eventFd.Signal();
        eventFd.Signal();

        Assert.Equal(2UL, ProcSelfFd.EventFdCount(eventFd.Handle.FdForDisplay));
        // Nobody reads it, so it stays readable for every poller.
        Assert.Equal(Interop.POLLIN, PollIn(eventFd.Handle));
        Assert.Equal(Interop.POLLIN, PollIn(eventFd.Handle));
    }

    [Fact]
    public void Dispose_Always_ClosesAndSignalThenThrows()
    {
        EventFd eventFd = new();

        eventFd.Dispose();

        Assert.True(eventFd.Handle.IsClosed);
        Assert.Throws<ObjectDisposedException>(eventFd.Signal);
    }

    /// <summary>poll(2) with a zero timeout: the POLLIN bit of revents, or 0.</summary>
    private static unsafe short PollIn(SafeFdHandle fd)
    {
        Interop.pollfd pollfd = new() { fd = fd.FdForDisplay, events = Interop.POLLIN };
        int ready = Interop.poll(&pollfd, 1, 0);
        Assert.True(ready >= 0, "poll failed");
        return (short)(pollfd.revents & Interop.POLLIN);
    }
}
