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

    [Theory]
    // An allowed path-taking call, paths read for denied calls only: the common case of a record container.
    [InlineData(X86_64Mkdir, true, false)]
    // A denied call that takes no path: decoded, looked up, nothing read.
    [InlineData(X86_64Getppid, false, true)]
    public void BeforeAnswer_CallNotCaptured_NothingReadNothingAllocated(int nr, bool allowed, bool capturePaths)
    {
        ContainerRecording container = _harness.Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        PathReadCounters counters = new(whenAllowed: capturePaths);
        PathCapture capture = new(container, counters);
        var call = RecordingHarness.WithArgs(ArchDecoder.AUDIT_ARCH_X86_64, nr, 0x1000);
        capture.BeforeAnswer(null!, call, allowed, 0);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            // The session is not touched for a call that is not captured.
            capture.BeforeAnswer(null!, call, allowed, i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, counters.Reads);
        Assert.Null(container.Paths.Snapshot(SyscallArch.X86_64, nr));
    }
}
