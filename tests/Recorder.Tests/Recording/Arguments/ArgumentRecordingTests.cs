using SeccompRecorder.Native;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Arguments;
using SeccompRecorder.Syscalls;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Recording.Arguments;

/// <summary>Argument values through a container's recording: what a notify thread records, what a snapshot shows.</summary>
public sealed class ArgumentRecordingTests : IAsyncLifetime
{
    private const int X86_64Socket = 41;
    private const int X86_64Getppid = 110;
    private const ulong AF_INET = 2;
    private const ulong AF_ALG = 38;
    private const ulong SOCK_STREAM = 1;
    private const ulong SOCK_SEQPACKET = 5;
    private const ulong SOCK_CLOEXEC = 0x80000;

    private RecordingHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await RecordingHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public void RecordCall_Sockets_SnapshotHasEachArgumentsValuesWithCounts()
    {
        ContainerRecording container = Attach();

        container.RecordCall(Socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        container.RecordCall(Socket(AF_INET, SOCK_STREAM), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        container.RecordCall(Socket(AF_ALG, SOCK_SEQPACKET), _harness.Clock.Now(), RecordingHarness.Answer(denied: true));
        container.RecordCall(RecordingHarness.X86_64(X86_64Getppid), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));

        SyscallSnapshot[] syscalls = [.. container.Snapshot(includeSyscalls: true).Syscalls];
        SyscallSnapshot socket = Assert.Single(syscalls, s => s.Name == "socket");
        Assert.Equal(
            [
                new ArgumentSnapshot("domain", ArgumentFormat.SocketDomain, [new(AF_INET, 2), new(AF_ALG, 1)], 0),
                new ArgumentSnapshot("type", ArgumentFormat.SocketType, [new(SOCK_STREAM, 2), new(SOCK_SEQPACKET, 1)], 0),
                new ArgumentSnapshot("protocol", ArgumentFormat.Decimal, [new(0, 3)], 0),
            ],
            socket.Arguments);
        Assert.Null(Assert.Single(syscalls, s => s.Name == "getppid").Arguments);
    }

    [Fact]
    public void RecordCall_OtherArchsSocket_KeptApartFromX86_64s()
    {
        ContainerRecording container = Attach();
        Assert.True(SyscallTable.TryGetNumber(SyscallArch.X86, "socket", out int i386Socket));

        container.RecordCall(Socket(AF_INET, SOCK_STREAM), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        container.RecordCall(RecordingHarness.WithArgs(ArchDecoder.AUDIT_ARCH_I386, i386Socket, AF_ALG, SOCK_SEQPACKET, 0), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));

        Dictionary<string, ulong> domains = container.Snapshot(includeSyscalls: true).Syscalls
            .ToDictionary(s => s.ArchName, s => Assert.Single(s.Arguments![0].Values).Value);
        Assert.Equal(new Dictionary<string, ulong> { ["x86_64"] = AF_INET, ["x86"] = AF_ALG }, domains);
    }

    [Fact]
    public void RecordCall_TrackedCallsOnceWarm_AllocateNothing()
    {
        ContainerRecording container = Attach();
        SeccompNotification[] calls =
        [
            Socket(AF_INET, SOCK_STREAM),
            Socket(AF_ALG, SOCK_SEQPACKET),
            RecordingHarness.WithArgs(ArchDecoder.AUDIT_ARCH_X86_64, 16, 3, 0x5401), // ioctl TCGETS
            RecordingHarness.X86_64(X86_64Getppid),
        ];
        foreach (SeccompNotification call in calls)
        {
            container.RecordCall(call, _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            container.RecordCall(calls[i & 3], 1, RecordingHarness.Answer(denied: false));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private ContainerRecording Attach() =>
        _harness.Registry.Attach(RecordingHarness.Identity("args"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);

    private static SeccompNotification Socket(ulong domain, ulong type) =>
        RecordingHarness.WithArgs(ArchDecoder.AUDIT_ARCH_X86_64, X86_64Socket, domain, type, 0);
}
