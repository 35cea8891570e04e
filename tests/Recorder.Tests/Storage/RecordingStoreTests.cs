using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SeccompRecorder.Recording;
using SeccompRecorder.Storage;
using SeccompRecorder.Syscalls;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Storage;

public sealed class RecordingStoreTests : IAsyncLifetime, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("seccomp-recorder-store-").FullName;
    private RecordingHarness _harness = null!;

    private string StateDir => Path.Combine(_dir, "state");

    public async Task InitializeAsync() => _harness = await RecordingHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Open_EmptyDir_CreatesCurrentSchemaInOwnerOnlyDir()
    {
        using RecordingStore store = Open();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(StateDir));
        using SqliteConnection connection = new($"Data Source={store.FilePath};Pooling=False");
        connection.Open();
        Assert.Equal(StoreSchema.CurrentVersion, StoreSchema.ReadVersion(connection));
        Assert.Empty(store.Load());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Save_CoverageThenLoad_SameCoverage(bool known)
    {
        SyscallCoverage coverage = known ? Coverage : SyscallCoverage.Unreadable("the bundle has no config.json the daemon can see");
        _harness.Registry.Attach(RecordingHarness.Identity("c1") with { Coverage = coverage }, RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        using (RecordingStore store = Open())
        {
            store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _ => true);
        }

        using RecordingStore reopened = Open();

        Assert.Equal(coverage, Assert.Single(reopened.Load()).Identity.Coverage);
    }

    [Fact]
    public void Save_SnapshotThenLoad_RoundTripsEveryField()
    {
        ContainerRecording recording = RecordSome("c1", getppid: 5, i386Getpid: 2);
        _harness.Registry.Detach(recording);
        recording.TrySetTermination("seccomp killed", "Used forbidden syscalls: getppid (5x)", _harness.Clock.Now());
        ContainerSnapshot saved = _harness.Registry.ListContainers(includeSyscalls: true).Single();
        using (RecordingStore store = Open())
        {
            store.Save([saved], _ => true);
        }

        using RecordingStore reopened = Open();
        StoredContainer stored = Assert.Single(reopened.Load());
        ContainerSnapshot loaded = RecordingRestorer.Restore(stored, _harness.Clock, _harness.Hub).Snapshot(includeSyscalls: true);

        Assert.Equal(saved with { Syscalls = [], Annotations = loaded.Annotations, Executables = null }, loaded with { Syscalls = [], Executables = null });
        Assert.Equal(saved.Annotations, loaded.Annotations);
        Assert.Equal(saved.Syscalls, loaded.Syscalls);
        Assert.Equal(saved.Executables!, loaded.Executables!);
    }

    [Fact]
    public void Save_X32ArmPrivateAndUnknownArch_RestoredUnderTheirOwnNumbers()
    {
        const uint AuditArchRiscv64 = 0xC00000F3;
        ContainerRecording recording = _harness.Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        recording.RecordCall(RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_X86_64, ArchDecoder.X32_SYSCALL_BIT | 1), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        recording.RecordCall(RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_ARM, 0x0f0002), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        recording.RecordCall(RecordingHarness.Notification(AuditArchRiscv64, 172), _harness.Clock.Now(), RecordingHarness.Answer(denied: true));
        _harness.Registry.Detach(recording);
        ContainerSnapshot saved = _harness.Registry.ListContainers(includeSyscalls: true).Single();
        using (RecordingStore store = Open())
        {
            store.Save([saved], _ => true);
        }

        using RecordingStore reopened = Open();
        ContainerSnapshot loaded = RecordingRestorer.Restore(Assert.Single(reopened.Load()), _harness.Clock, _harness.Hub).Snapshot(includeSyscalls: true);

        // x32 write is nr 1 with the x32 bit; restored under x86_64's 1 it would read as "write" on the wrong arch.
        Assert.Equal(
            [("x32", 1L, "write"), ("arm", 0x0f0002L, "cacheflush"), ("audit:0xc00000f3", 172L, (string?)null)],
            loaded.Syscalls.Select(s => (s.ArchName, s.Nr, s.Name)).ToArray());
        Assert.Equal(saved.Syscalls, loaded.Syscalls);
    }

    [Fact]
    public void Save_ArgumentValues_RoundTripAndFollowTheirSyscallsCount()
    {
        ContainerRecording recording = _harness.Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        for (ulong value = 0; value < 70; value++)
        {
            recording.RecordCall(RecordingHarness.WithArgs(ArchDecoder.AUDIT_ARCH_X86_64, 16, 3, 0x5400 + value), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        }

        recording.RecordCall(RecordingHarness.WithArgs(ArchDecoder.AUDIT_ARCH_X86_64, 41, 38, 5, 0), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        using (RecordingStore store = Open())
        {
            store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _ => true);
            recording.RecordCall(RecordingHarness.WithArgs(ArchDecoder.AUDIT_ARCH_X86_64, 41, 2, 1, 0), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
            store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _ => true);
        }

        (ContainerSnapshot saved, ContainerSnapshot loaded) = DetachAndReload(recording);

        Assert.Equal(saved.Syscalls, loaded.Syscalls);
        SyscallSnapshot ioctl = Assert.Single(loaded.Syscalls, s => s.Name == "ioctl");
        Assert.Equal((64, 6L), (ioctl.Arguments![0].Values.Count, ioctl.Arguments[0].Other));
        Assert.Equal([2UL, 38UL], Assert.Single(loaded.Syscalls, s => s.Name == "socket").Arguments![0].Values.Select(v => v.Value));
    }

    [Fact]
    public void Save_Paths_RoundTripWithTheirSyscall()
    {
        ContainerRecording recording = _harness.Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        _harness.RecordDeniedPathCall(recording, 83, "/tmp/denied");
        _harness.RecordDeniedPathCall(recording, 83, null);
        using (RecordingStore store = Open())
        {
            store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _ => true);
        }

        (ContainerSnapshot saved, ContainerSnapshot loaded) = DetachAndReload(recording);

        Assert.Equal(saved.Syscalls, loaded.Syscalls);
        SeccompRecorder.Recording.Paths.PathSnapshot paths = Assert.Single(loaded.Syscalls).Paths!;
        Assert.Equal(("/tmp/denied", 1L, 1L), (Assert.Single(paths.Paths).Text, paths.Paths[0].Count, paths.Unread));
    }

    // The recording as it was once it exited, and as a new daemon restores it from the database.
    private (ContainerSnapshot Saved, ContainerSnapshot Loaded) DetachAndReload(ContainerRecording recording)
    {
        _harness.Registry.Detach(recording);
        ContainerSnapshot saved = _harness.Registry.ListContainers(includeSyscalls: true).Single();
        using RecordingStore reopened = Open();
        return (saved, RecordingRestorer.Restore(Assert.Single(reopened.Load()), _harness.Clock, _harness.Hub).Snapshot(includeSyscalls: true));
    }

    [Fact]
    public void Save_Executables_RoundTripAndFollowTheirCounts()
    {
        // This process is a real one to resolve (the test runner); pid 0 is a thread the daemon cannot see.
        uint self = (uint)Environment.ProcessId;
        ContainerRecording recording = _harness.Registry.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        recording.RecordCall(RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_X86_64, 110, self), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        recording.RecordCall(RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_X86_64, 63, pid: 0), _harness.Clock.Now(), RecordingHarness.Answer(denied: true));
        using (RecordingStore store = Open())
        {
            store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _ => true);
            recording.RecordCall(RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_X86_64, 110, self), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
            store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _ => true);
        }

        _harness.Registry.Detach(recording);
        ContainerSnapshot saved = _harness.Registry.ListContainers(includeSyscalls: true).Single();
        using RecordingStore reopened = Open();
        ContainerSnapshot loaded = RecordingRestorer.Restore(Assert.Single(reopened.Load()), _harness.Clock, _harness.Hub).Snapshot(includeSyscalls: true);

        Assert.Equal(saved.Executables!, loaded.Executables!);
        Assert.Equal([(Environment.ProcessPath!, 2L, 0L), ("(unknown)", 1L, 1L)], loaded.Executables!.Select(e => (e.Path, e.Calls, e.Denied)));
    }

    [Fact]
    public void Delete_ContainerWithArgumentValues_RemovesTheirRows()
    {
        ContainerRecording recording = _harness.Registry.Attach(RecordingHarness.Identity("gone"), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        recording.RecordCall(RecordingHarness.WithArgs(ArchDecoder.AUDIT_ARCH_X86_64, 41, 38, 5, 0), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        _harness.Registry.Detach(recording);
        using RecordingStore store = Open();
        store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _ => true);

        Assert.True(store.Delete(new RunKey(string.Empty, "gone", 1)));

        using SqliteConnection connection = new($"Data Source={store.FilePath};Pooling=False");
        connection.Open();
        using SqliteCommand count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM syscall_arguments";
        Assert.Equal(0L, (long)count.ExecuteScalar()!);
        count.CommandText = "SELECT count(*) FROM executable_syscalls";
        Assert.Equal(0L, (long)count.ExecuteScalar()!);
    }

    [Fact]
    public void Save_UnchangedSnapshot_WritesNoRows()
    {
        RecordSome("c1", getppid: 3, i386Getpid: 1);
        using RecordingStore store = Open();
        int first = store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _ => true);

        int again = store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _ => true);
        _harness.Registry.TryGetContainer("c1", out _);
        RecordSome("c1", getppid: 1, i386Getpid: 0);
        int oneMore = store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _ => true);

        // The container row, its two syscall rows and their two rows under the caller's executable; then nothing; then
        // the container row, getppid's row and its executable row.
        Assert.Equal((5, 0, 3), (first, again, oneMore));
    }

    [Fact]
    public void Save_ContainerNoLongerKnown_IsNotWritten()
    {
        RecordSome("c1", getppid: 3, i386Getpid: 0);
        using RecordingStore store = Open();

        store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _ => false);

        Assert.Empty(store.Load());
    }

    [Fact]
    public void Open_NotADatabase_MovedAsideAndStartsFresh()
    {
        Directory.CreateDirectory(StateDir);
        string path = Path.Combine(StateDir, RecordingStore.FileName);
        File.WriteAllText(path, new string('x', 8192));
        File.WriteAllText(path + "-wal", "junk");

        using RecordingStore store = Open();

        Assert.Empty(store.Load());
        string moved = Assert.Single(Directory.GetFiles(StateDir, RecordingStore.FileName + ".corrupt-*"), IsMainFile);
        Assert.Equal(new string('x', 8192), File.ReadAllText(moved));
        Assert.Equal("junk", File.ReadAllText(moved + "-wal"));
    }

    [Fact]
    public void Open_NewerSchemaVersion_MovedAsideAndStartsFresh()
    {
        using (RecordingStore store = Open())
        {
            RecordSome("c1", getppid: 1, i386Getpid: 0);
            store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _ => true);
        }

        using (SqliteConnection connection = new($"Data Source={Path.Combine(StateDir, RecordingStore.FileName)};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand bump = connection.CreateCommand();
            bump.CommandText = $"UPDATE schema_version SET version = {StoreSchema.CurrentVersion + 1}";
            bump.ExecuteNonQuery();
        }

        using RecordingStore reopened = Open();

        Assert.Empty(reopened.Load());
        Assert.Single(Directory.GetFiles(StateDir, RecordingStore.FileName + ".newer-*"), IsMainFile);
    }

    [Fact]
    public void Attach_AfterRestore_ContinuesCountsAndRuns()
    {
        RecordSome("c1", getppid: 4, i386Getpid: 0);
        ContainerRecording first = _harness.Registry.Containers.Single();
        _harness.Registry.Detach(first);
        using RecordingStore store = Open();
        store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _ => true);
        StoredContainer stored = Assert.Single(store.Load());
        ContainerRegistry fresh = new(_harness.Clock, _harness.Hub, new DaemonCounters(_harness.Clock));
        Assert.True(fresh.Restore(RecordingRestorer.Restore(stored, _harness.Clock, _harness.Hub)));

        ContainerRecording again = fresh.Attach(RecordingHarness.Identity("c1"), RecordingHarness.RecordPolicy, 5000, isExec: true, initPidFd: null);
        for (int i = 0; i < 3; i++)
        {
            again.RecordCall(RecordingHarness.X86_64(110), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        }

        Assert.True(fresh.TryGetContainer("c1", out ContainerSnapshot? snapshot));
        Assert.Equal((ContainerLifecycle.Running, 7L, 2, 1), (snapshot.State, snapshot.Notifications, snapshot.ListenersTotal, snapshot.ListenersOpen));
        Assert.Equal(7L, snapshot.Syscalls.Single().Count);
        Assert.Equal(RemoveOutcome.Running, fresh.TryRemove(new RunKey(string.Empty, "c1", 1)));
    }

    [Fact]
    public void Delete_ExitedRunningUnknown_RemovesOnlyTheExited()
    {
        ContainerRecording exited = RecordSome("gone", getppid: 2, i386Getpid: 0);
        _harness.Registry.Detach(exited);
        RecordSome("live", getppid: 1, i386Getpid: 0);
        using RecordingStore store = Open();
        store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _ => true);
        ContainerRemoval removal = new(_harness.Registry, store, new StorageSettings(StateDir, TimeSpan.FromHours(1)), NullLogger<ContainerRemoval>.Instance);

        Assert.Equal(
            (RemoveOutcome.Removed, RemoveOutcome.Running, RemoveOutcome.NotFound),
            (removal.Delete(new RunKey(string.Empty, "gone", 1)), removal.Delete(new RunKey(string.Empty, "live", 1)), removal.Delete(new RunKey(string.Empty, "never", 1))));
        Assert.Equal(["live"], store.Load().Select(c => c.Identity.Id));
        Assert.False(_harness.Registry.Contains(new RunKey(string.Empty, "gone", 1)));
    }

    [Fact]
    public void SweepExpired_ExitedLongerThanRetention_Removed()
    {
        ContainerRecording old = RecordSome("old", getppid: 1, i386Getpid: 0);
        _harness.Registry.Detach(old);
        _harness.Time.Advance(TimeSpan.FromMinutes(50));
        ContainerRecording recent = RecordSome("recent", getppid: 1, i386Getpid: 0);
        _harness.Registry.Detach(recent);
        using RecordingStore store = Open();
        store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _ => true);
        ContainerRemoval removal = new(_harness.Registry, store, new StorageSettings(StateDir, TimeSpan.FromMinutes(30)), NullLogger<ContainerRemoval>.Instance);

        int removed = removal.SweepExpired(_harness.Time.GetUtcNow());

        Assert.Equal(1, removed);
        Assert.Equal(["recent"], store.Load().Select(c => c.Identity.Id));
        Assert.Equal(["recent"], _harness.Registry.ListContainers(includeSyscalls: false).Select(c => c.Id));
    }

    private static bool IsMainFile(string path) => !path.EndsWith("-wal", StringComparison.Ordinal) && !path.EndsWith("-shm", StringComparison.Ordinal);

    private RecordingStore Open() => RecordingStore.Open(StateDir, _harness.Time, NullLogger.Instance);

    internal static SyscallCoverage Coverage { get; } = new(null,
    [
        new ArchCoverage("x86_64", ["mkdir", "openat"], ["brk", "write"], ["chroot"]),
        new ArchCoverage("x86", ["mkdir"], ["brk", "mmap2"], []),
    ]);

    private ContainerRecording RecordSome(string id, int getppid, int i386Getpid)
    {
        ContainerRecording container = _harness.Registry.Attach(RecordingHarness.Identity(id), RecordingHarness.RecordPolicy, 3954, isExec: false, initPidFd: null);
        for (int i = 0; i < getppid; i++)
        {
            _harness.Time.Advance(TimeSpan.FromMilliseconds(3));
            container.RecordCall(RecordingHarness.X86_64(110), _harness.Clock.Now(), RecordingHarness.Answer(denied: i % 2 == 0));
        }

        for (int i = 0; i < i386Getpid; i++)
        {
            container.RecordCall(RecordingHarness.Notification(ArchDecoder.AUDIT_ARCH_I386, 20), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));
        }

        return container;
    }
}
