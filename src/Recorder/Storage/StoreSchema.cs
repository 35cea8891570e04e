using Microsoft.Data.Sqlite;

namespace SeccompRecorder.Storage;

/// <summary>
/// The database's schema as forward migrations: step i takes version i to i + 1, applied in order in one transaction
/// each. Never edit a released step; add one. Times are unix milliseconds (UTC) in INTEGER columns; policy modes and
/// sources are the <see cref="Policy.PolicyMode"/> and <see cref="Policy.PolicySource"/> values.
/// </summary>
internal static class StoreSchema
{
    private static readonly string[] s_migrations =
    [
        """
        CREATE TABLE containers (
            id TEXT PRIMARY KEY NOT NULL,
            init_pid INTEGER NOT NULL,
            bundle TEXT NOT NULL,
            oci_version TEXT NOT NULL,
            annotations TEXT NOT NULL,          -- JSON object
            metadata TEXT NOT NULL,
            pod_name TEXT, pod_namespace TEXT, container_name TEXT, pod_uid TEXT,   -- NULL: not a Kubernetes pod
            policy_mode INTEGER NOT NULL, policy_mode_source INTEGER NOT NULL,
            policy_errno INTEGER NOT NULL, policy_errno_source INTEGER NOT NULL,
            policy_grace_ms INTEGER NOT NULL, policy_grace_source INTEGER NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            exited_at INTEGER,                  -- NULL: running at the last flush
            termination_reason TEXT, termination_message TEXT, termination_at INTEGER,
            notifications INTEGER NOT NULL,
            violations INTEGER NOT NULL,
            listeners_total INTEGER NOT NULL
        );
        CREATE TABLE syscalls (
            container_id TEXT NOT NULL,
            audit_arch INTEGER NOT NULL,        -- AUDIT_ARCH_* as the kernel reported it
            arch TEXT NOT NULL,                 -- x86_64, x86, x32, aarch64, arm or audit:0x...
            nr INTEGER NOT NULL,                -- the number in the arch's table (x32's bit cleared)
            count INTEGER NOT NULL,
            denied INTEGER NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            PRIMARY KEY (container_id, audit_arch, arch, nr)
        );
        """,
        // 2: runs. A reused id (ctr run, runc run after the container exited) or the same id in two containerd
        // namespaces is another recording: the key is (runtime_namespace, id, run). Rows from version 1 are run 1.
        """
        CREATE TABLE containers_v2 (
            runtime_namespace TEXT NOT NULL,    -- containerd's namespace, '' for other runtimes
            id TEXT NOT NULL,
            run INTEGER NOT NULL,               -- 1, 2, ... per (runtime_namespace, id), in the order their inits came
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
            listeners_total INTEGER NOT NULL,
            PRIMARY KEY (runtime_namespace, id, run)
        );
        INSERT INTO containers_v2 SELECT '', id, 1, init_pid, bundle, oci_version, annotations, metadata,
            pod_name, pod_namespace, container_name, pod_uid,
            policy_mode, policy_mode_source, policy_errno, policy_errno_source, policy_grace_ms, policy_grace_source,
            first_seen, last_seen, exited_at, termination_reason, termination_message, termination_at,
            notifications, violations, listeners_total FROM containers;
        CREATE TABLE syscalls_v2 (
            runtime_namespace TEXT NOT NULL,
            container_id TEXT NOT NULL,
            run INTEGER NOT NULL,
            audit_arch INTEGER NOT NULL,
            arch TEXT NOT NULL,
            nr INTEGER NOT NULL,
            count INTEGER NOT NULL,
            denied INTEGER NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            PRIMARY KEY (runtime_namespace, container_id, run, audit_arch, arch, nr)
        );
        INSERT INTO syscalls_v2 SELECT '', container_id, 1, audit_arch, arch, nr, count, denied, first_seen, last_seen FROM syscalls;
        DROP TABLE syscalls;
        DROP TABLE containers;
        ALTER TABLE containers_v2 RENAME TO containers;
        ALTER TABLE syscalls_v2 RENAME TO syscalls;
        """,
        // 3: argument values (issue 14). One row per (syscall row, argument of Recording/Arguments/ArgumentTable).
        """
        CREATE TABLE syscall_arguments (
            runtime_namespace TEXT NOT NULL,
            container_id TEXT NOT NULL,
            run INTEGER NOT NULL,
            audit_arch INTEGER NOT NULL,
            arch TEXT NOT NULL,
            nr INTEGER NOT NULL,
            argument TEXT NOT NULL,             -- the table's name: domain, type, flags, request...
            value_counts TEXT NOT NULL,         -- JSON [[value, count], ...]; a value is its 64 bits as a signed integer
            other INTEGER NOT NULL,             -- calls with a value not kept (the first 64 distinct ones are)
            PRIMARY KEY (runtime_namespace, container_id, run, audit_arch, arch, nr, argument)
        );
        """,
        // 4: coverage (issue 15), what the container's own profile let the recording see: SyscallCoverage as JSON.
        // NULL for rows written before, which are shown as "not read".
        """
        ALTER TABLE containers ADD COLUMN coverage TEXT;
        """,
        // 5 (issue 16): per-syscall violations, apart from denied calls since audit lets violations run and expected
        // denials are denied without being violations. Before, every denied call was a violation.
        """
        ALTER TABLE syscalls ADD COLUMN violations INTEGER NOT NULL DEFAULT 0;
        UPDATE syscalls SET violations = denied;
        """,
        // 6 (issue 14): the paths read for a syscall (Storage/PathsJson); NULL for rows without any and rows from before.
        """
        ALTER TABLE syscalls ADD COLUMN paths TEXT;
        """,
        // 7: executables (issue 14 item 1): counts per (executable, arch, syscall). Rows written before have none.
        """
        CREATE TABLE executable_syscalls (
            runtime_namespace TEXT NOT NULL,
            container_id TEXT NOT NULL,
            run INTEGER NOT NULL,
            executable TEXT NOT NULL,           -- /proc/PID/exe as read, comm:NAME, (other) or (unknown)
            audit_arch INTEGER NOT NULL,
            arch TEXT NOT NULL,
            nr INTEGER NOT NULL,
            count INTEGER NOT NULL,
            denied INTEGER NOT NULL,
            PRIMARY KEY (runtime_namespace, container_id, run, executable, audit_arch, arch, nr)
        );
        """,
    ];

    /// <summary>The version this build writes.</summary>
    public static int CurrentVersion => s_migrations.Length;

    /// <summary>The stored version: 0 for a database that has none yet.</summary>
    public static int ReadVersion(SqliteConnection connection)
    {
        using SqliteCommand exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
        if ((long)exists.ExecuteScalar()! == 0)
        {
            return 0;
        }

        using SqliteCommand read = connection.CreateCommand();
        read.CommandText = "SELECT max(version) FROM schema_version";
        return read.ExecuteScalar() is long version ? checked((int)version) : 0;
    }

    /// <summary>Applies every step after the stored version. The caller has checked it is not newer than ours.</summary>
    public static void Migrate(SqliteConnection connection)
    {
        using (SqliteCommand create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";
            create.ExecuteNonQuery();
        }

        for (int version = ReadVersion(connection); version < s_migrations.Length; version++)
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            using SqliteCommand step = connection.CreateCommand();
            step.Transaction = transaction;
            step.CommandText = s_migrations[version] + "; DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ($version);";
            step.Parameters.AddWithValue("$version", version + 1);
            step.ExecuteNonQuery();
            transaction.Commit();
        }
    }
}
