using Microsoft.Extensions.Logging.Abstractions;
using SeccompRecorder.Recording;
using SeccompRecorder.Storage;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Storage;

/// <summary>A database the previous release wrote (schema 1: one recording per id) opens, migrates and keeps everything.</summary>
public sealed class StoreMigrationTests : IAsyncLifetime, IDisposable
{
    // Schema 1 exactly as released, with a row as that release wrote it (Golden/README.md says how it was made).
    private static readonly string s_version1 = Path.Combine(RepoPaths.Root, "tests", "Recorder.Tests", "Storage", "Golden", "schema-1.db");

    private readonly string _dir = Directory.CreateTempSubdirectory("seccomp-recorder-migrate-").FullName;
    private RecordingHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await RecordingHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Open_Version1Database_MigratedToRunOneWithEveryField()
    {
        using RecordingStore store = OpenVersion1();
        StoredContainer stored = Assert.Single(store.Load());

        Assert.Equal(new RunKey(string.Empty, "old", 1), stored.Identity.Key);
        Assert.Equal((4242, "/b/old", "policy=stop", "web-0"), (stored.Identity.InitPid, stored.Identity.Bundle, stored.Identity.Metadata, stored.Identity.Kubernetes!.PodName));
        Assert.Equal((12L, 2L, 2, "seccomp killed"), (stored.State.Notifications, stored.State.Violations, stored.State.ListenersTotal, stored.State.Termination!.Reason));
        Assert.Equal([(110L, 10L, 0L), (161L, 2L, 2L)], stored.Syscalls.Select(s => (s.Nr, s.Count, s.Denied)).OrderBy(s => s.Nr));
        // Written before violations were counted apart (issue 16): every denied call was one.
        Assert.Equal([0L, 2L], stored.Syscalls.OrderBy(s => s.Nr).Select(s => s.Violations));
        // Written before coverage was kept (issue 15): not read, which show and export say.
        Assert.Null(stored.Identity.Coverage);

        // The migrated row is run 1: a new init of the id is run 2, and both are written side by side.
        _harness.Registry.Restore(RecordingRestorer.Restore(stored, _harness.Clock, _harness.Hub));
        ContainerRecording again = _harness.Registry.Attach(RecordingHarness.Identity("old", initPid: 5000), RecordingHarness.RecordPolicy, 5000, isExec: false, initPidFd: null);
        store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _harness.Registry.Contains);
        Assert.Equal(2, again.Key.Run);
        Assert.Equal([1, 2], store.Load().Select(c => c.Identity.Run));
    }

    [Fact]
    public void Open_Version1Database_KeepsArgumentValuesOfItsNextRun()
    {
        using RecordingStore store = OpenVersion1();
        _harness.Registry.Restore(RecordingRestorer.Restore(Assert.Single(store.Load()), _harness.Clock, _harness.Hub));
        ContainerRecording again = _harness.Registry.Attach(RecordingHarness.Identity("old", initPid: 5000), RecordingHarness.RecordPolicy, 5000, isExec: false, initPidFd: null);
        again.RecordCall(RecordingHarness.WithArgs(SeccompRecorder.Syscalls.ArchDecoder.AUDIT_ARCH_X86_64, 41, 38, 5, 0), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));

        store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _harness.Registry.Contains);

        StoredSyscall socket = Assert.Single(store.Load().Single(c => c.Identity.Run == 2).Syscalls);
        Assert.Equal(["domain", "protocol", "type"], socket.Arguments!.Select(a => a.Name));
        Assert.Equal(38UL, Assert.Single(socket.Arguments![0].Values).Value);
    }

    [Fact]
    public void Open_Version1Database_NoPathsThenPathsOfItsNextRun()
    {
        using RecordingStore store = OpenVersion1();
        StoredContainer stored = Assert.Single(store.Load());
        // Written before paths were read (issue 14): none.
        Assert.All(stored.Syscalls, s => Assert.Null(s.Paths));
        _harness.Registry.Restore(RecordingRestorer.Restore(stored, _harness.Clock, _harness.Hub));
        ContainerRecording again = _harness.Registry.Attach(RecordingHarness.Identity("old", initPid: 5000), RecordingHarness.RecordPolicy, 5000, isExec: false, initPidFd: null);
        _harness.RecordDeniedPathCall(again, 161, "/newroot");

        store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _harness.Registry.Contains);

        StoredSyscall chroot = Assert.Single(store.Load().Single(c => c.Identity.Run == 2).Syscalls);
        Assert.Equal("/newroot", Assert.Single(chroot.Paths!.Paths).Text);
    }

    private RecordingStore OpenVersion1()
    {
        string stateDir = Path.Combine(_dir, "state");
        Directory.CreateDirectory(stateDir);
        File.Copy(s_version1, Path.Combine(stateDir, RecordingStore.FileName));
        return RecordingStore.Open(stateDir, _harness.Time, NullLogger.Instance);
    }

    [Fact]
    public void Open_Version1Database_KeepsExecutablesOfItsNextRun()
    {
        string stateDir = Path.Combine(_dir, "state");
        Directory.CreateDirectory(stateDir);
        File.Copy(s_version1, Path.Combine(stateDir, RecordingStore.FileName));
        using RecordingStore store = RecordingStore.Open(stateDir, _harness.Time, NullLogger.Instance);
        _harness.Registry.Restore(RecordingRestorer.Restore(Assert.Single(store.Load()), _harness.Clock, _harness.Hub));
        ContainerRecording again = _harness.Registry.Attach(RecordingHarness.Identity("old", initPid: 5000), RecordingHarness.RecordPolicy, 5000, isExec: false, initPidFd: null);
        again.RecordCall(RecordingHarness.Notification(SeccompRecorder.Syscalls.ArchDecoder.AUDIT_ARCH_X86_64, 110, pid: 0), _harness.Clock.Now(), RecordingHarness.Answer(denied: false));

        store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _harness.Registry.Contains);

        StoredExecutableCall call = Assert.Single(store.Load().Single(c => c.Identity.Run == 2).Executables!);
        Assert.Equal(new StoredExecutableCall("(unknown)", SeccompRecorder.Syscalls.ArchDecoder.AUDIT_ARCH_X86_64, "x86_64", 110, 1, 0), call);
        Assert.Null(store.Load().Single(c => c.Identity.Run == 1).Executables);
    }
}
