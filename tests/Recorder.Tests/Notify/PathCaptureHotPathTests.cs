using SeccompRecorder.Notify;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Paths;
using SeccompRecorder.Syscalls;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Notify;

/// <summary>
/// What path capture costs a call it does not capture: nothing read, nothing allocated. Calls it does capture read the
/// caller's memory through a live notify session: Integration/PathCaptureTests, with runc.
/// </summary>
public sealed class PathCaptureHotPathTests : IAsyncLifetime
{
    private const int X86_64Mkdir = 83;
    private const int X86_64Getppid = 110;

    private RecordingHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await RecordingHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public void BeforeAnswer_AllowedPathCallWithoutCapturePaths_NothingReadNothingAllocated()
    {
        ContainerRecording container = _harness.Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        PathReadCounters counters = new(whenAllowed: false);
        PathCapture capture = new(container, counters);
        var mkdir = RecordingHarness.WithArgs(ArchDecoder.AUDIT_ARCH_X86_64, X86_64Mkdir, 0x1000);
        capture.BeforeAnswer(null!, mkdir, allowed: true, 0);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            // The session is not touched for a call that is not captured.
            capture.BeforeAnswer(null!, mkdir, allowed: true, i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, counters.Reads);
        Assert.Null(container.Paths.Snapshot(SyscallArch.X86_64, X86_64Mkdir));
    }

    [Fact]
    public void BeforeAnswer_DeniedCallWithoutAPath_NothingReadNothingAllocated()
    {
        ContainerRecording container = _harness.Registry.Attach(RecordingHarness.Identity("c2"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        PathReadCounters counters = new(whenAllowed: true);
        PathCapture capture = new(container, counters);
        var getppid = RecordingHarness.X86_64(X86_64Getppid);
        capture.BeforeAnswer(null!, getppid, allowed: false, 0);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            capture.BeforeAnswer(null!, getppid, allowed: false, i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, counters.Reads);
    }
}
