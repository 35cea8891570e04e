using SeccompRecorder.Native;
using SeccompRecorder.Recording.Executables;
using SeccompRecorder.Syscalls;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Recording.Executables;

/// <summary>Counts per (executable, arch, syscall) as a notify thread records them.</summary>
public sealed class ExecutableRecorderTests
{
    private const int Getppid = 110;
    private const int Uname = 63;
    private const int Execve = 59;

    private readonly FakeInspector _proc = new();
    private readonly ExecutableRecorder _recorder;

    public ExecutableRecorderTests() => _recorder = new ExecutableRecorder(_proc, revalidateTicks: long.MaxValue);

    [Fact]
    public void Record_TwoBinaries_EachItsOwnCalls()
    {
        _proc.Set(10, 10, 1, "/bin/a");
        _proc.Set(20, 20, 2, "/bin/b");

        Record(10, Getppid);
        Record(10, Getppid);
        Record(20, Uname, denied: true);

        Assert.Equal(
            [
                new ExecutableSnapshot("/bin/a", 2, 0, [new ExecutableSyscall(SyscallArch.X86_64, "x86_64", Getppid, "getppid", 2, 0)]),
                new ExecutableSnapshot("/bin/b", 1, 1, [new ExecutableSyscall(SyscallArch.X86_64, "x86_64", Uname, "uname", 1, 1)]),
            ],
            _recorder.Snapshot());
    }

    [Fact]
    public void Record_NotifiedExecve_CountedUnderTheCallerThenTheNewExecutable()
    {
        _proc.Set(10, 10, 1, "/usr/bin/runc");

        Record(10, Getppid);
        Record(10, Execve);
        _proc.Set(10, 10, 1, "/bin/workload");
        Record(10, Uname);

        Dictionary<string, string[]> calls = _recorder.Snapshot().ToDictionary(e => e.Path, e => e.Syscalls.Select(s => s.Name!).Order().ToArray());
        Assert.Equal(["execve", "getppid"], calls["/usr/bin/runc"]);
        Assert.Equal(["uname"], calls["/bin/workload"]);
    }

    [Fact]
    public void Seed_StoredCounts_SnapshotHasThem()
    {
        Assert.True(_recorder.Seed("/bin/a", ArchDecoder.AUDIT_ARCH_X86_64, Getppid, 7, 2));
        Assert.True(_recorder.Seed(ExecutableNames.OtherName, ArchDecoder.AUDIT_ARCH_X86_64, Uname, 3, 0));

        Assert.Equal(
            [
                new ExecutableSnapshot("/bin/a", 7, 2, [new ExecutableSyscall(SyscallArch.X86_64, "x86_64", Getppid, "getppid", 7, 2)]),
                new ExecutableSnapshot(ExecutableNames.OtherName, 3, 0, [new ExecutableSyscall(SyscallArch.X86_64, "x86_64", Uname, "uname", 3, 0)]),
            ],
            _recorder.Snapshot());
    }

    [Fact]
    public void Record_ResolvedThreadsOnceWarm_AllocateNothing()
    {
        _proc.Set(10, 10, 1, "/bin/a");
        _proc.Set(11, 10, 1, "/bin/a");
        _proc.Set(20, 20, 2, "/bin/b");
        SeccompNotification[] calls =
        [
            RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_X86_64, Getppid, pid: 10),
            RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_X86_64, Uname, pid: 11),
            RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_X86_64, Uname, pid: 20),
            RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_X86_64, Getppid, pid: 0),
        ];
        foreach (SeccompNotification call in calls)
        {
            Record(call);
        }

        int inspections = _proc.Inspections;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            Record(calls[i & 3]);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(inspections, _proc.Inspections);
    }

    private void Record(uint pid, int nr, bool denied = false) =>
        Record(RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_X86_64, nr, pid), denied);

    private void Record(SeccompNotification call, bool denied = false)
    {
        SyscallArch arch = ArchDecoder.Decode(call.Arch, call.Nr, out int tableNr);
        _recorder.Record(arch, tableNr, call, ticks: 5, denied, violation: denied);
    }
}
