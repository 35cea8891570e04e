using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SeccompRecorder.Recording;
using SeccompRecorder.Storage;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Storage;

/// <summary>A database the previous release wrote (schema 1: one recording per id) opens, migrates and keeps everything.</summary>
public sealed class StoreMigrationTests : IAsyncLifetime, IDisposable
{
    // Schema 1 exactly as released, with a row as that release wrote it.
    private const string Version1 = """
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        INSERT INTO schema_version (version) VALUES (1);
        CREATE TABLE containers (
            id TEXT PRIMARY KEY NOT NULL,
            init_pid INTEGER NOT NULL,
            bundle TEXT NOT NULL,
            oci_version TEXT NOT NULL,
            annotations TEXT NOT NULL,
            metadata TEXT NOT NULL,
            pod_name TEXT, pod_namespace TEXT, container_name TEXT, pod_uid TEXT,
            policy_mode INTEGER NOT NULL, policy_mode_source INTEGER NOT NULL,
            policy_errno INTEGER NOT NULL, policy_errno_source INTEGER NOT NULL,
            policy_grace_ms INTEGER NOT NULL, policy_grace_source INTEGER NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            exited_at INTEGER,
            termination_reason TEXT, termination_message TEXT, termination_at INTEGER,
            notifications INTEGER NOT NULL,
            violations INTEGER NOT NULL,
            listeners_total INTEGER NOT NULL
        );
        CREATE TABLE syscalls (
            container_id TEXT NOT NULL,
            audit_arch INTEGER NOT NULL,
            arch TEXT NOT NULL,
            nr INTEGER NOT NULL,
            count INTEGER NOT NULL,
            denied INTEGER NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            PRIMARY KEY (container_id, audit_arch, arch, nr)
        );
        INSERT INTO containers VALUES ('old', 4242, '/b/old', '1.0.2-dev', '{"a":"b"}', 'policy=stop',
            'web-0', 'shop', 'app', 'uid-1', 3, 2, 1, 1, 5000, 1,
            1767225600000, 1767225660000, 1767225670000, 'seccomp killed', 'Used forbidden syscalls: chroot (2x)', 1767225670000,
            12, 2, 2);
        INSERT INTO syscalls VALUES ('old', 3221225534, 'x86_64', 161, 2, 2, 1767225601000, 1767225602000);
        INSERT INTO syscalls VALUES ('old', 3221225534, 'x86_64', 110, 10, 0, 1767225601000, 1767225650000);
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("seccomp-recorder-migrate-").FullName;
    private RecordingHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await RecordingHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Open_Version1Database_MigratedToRunOneWithEveryField()
    {
        string stateDir = Path.Combine(_dir, "state");
        Directory.CreateDirectory(stateDir);
        using (SqliteConnection connection = new($"Data Source={Path.Combine(stateDir, RecordingStore.FileName)};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand create = connection.CreateCommand();
            create.CommandText = Version1;
            create.ExecuteNonQuery();
        }

        using RecordingStore store = RecordingStore.Open(stateDir, _harness.Time, NullLogger.Instance);
        StoredContainer stored = Assert.Single(store.Load());

        Assert.Equal(new RunKey(string.Empty, "old", 1), stored.Identity.Key);
        Assert.Equal((4242, "/b/old", "policy=stop", "web-0"), (stored.Identity.InitPid, stored.Identity.Bundle, stored.Identity.Metadata, stored.Identity.Kubernetes!.PodName));
        Assert.Equal((12L, 2L, 2, "seccomp killed"), (stored.State.Notifications, stored.State.Violations, stored.State.ListenersTotal, stored.State.Termination!.Reason));
        Assert.Equal([(110L, 10L, 0L), (161L, 2L, 2L)], stored.Syscalls.Select(s => (s.Nr, s.Count, s.Denied)).OrderBy(s => s.Nr));

        // The migrated row is run 1: a new init of the id is run 2, and both are written side by side.
        _harness.Registry.Restore(RecordingRestorer.Restore(stored, _harness.Clock, _harness.Hub));
        ContainerRecording again = _harness.Registry.Attach(RecordingHarness.Identity("old", initPid: 5000), RecordingHarness.RecordPolicy, 5000, isExec: false, initPidFd: null);
        store.Save(_harness.Registry.ListContainers(includeSyscalls: true), _harness.Registry.Contains);
        Assert.Equal(2, again.Key.Run);
        Assert.Equal([1, 2], store.Load().Select(c => c.Identity.Run));
    }
}
