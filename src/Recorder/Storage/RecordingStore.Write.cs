using System.Text.Json;
using Microsoft.Data.Sqlite;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Arguments;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Storage;

internal sealed partial class RecordingStore
{
    // What was last written (or loaded) per container and per (arch, nr): unchanged rows are not written again.
    private readonly Dictionary<RunKey, Written> _written = [];

    /// <summary>Rows inserted or updated since the store was opened.</summary>
    public long RowsWritten { get; private set; }

    /// <summary>
    /// Upserts what changed in <paramref name="snapshots"/> since the last save, in one transaction. A container that
    /// <paramref name="isKnown"/> no longer knows (deleted meanwhile) is skipped. Throws <see cref="SqliteException"/>
    /// when the write fails; nothing is marked written then, so the next save retries it all.
    /// </summary>
    public int Save(IReadOnlyList<ContainerSnapshot> snapshots, Func<RunKey, bool> isKnown)
    {
        lock (_gate)
        {
            List<(ContainerSnapshot Container, Mark Mark, bool WriteRow, List<SyscallSnapshot> Syscalls, List<ExecutableRow> Executables)> changes = [];
            foreach (ContainerSnapshot snapshot in snapshots)
            {
                if (!isKnown(snapshot.Key))
                {
                    continue;
                }

                Mark mark = Mark.Of(snapshot);
                _written.TryGetValue(snapshot.Key, out Written? written);
                List<SyscallSnapshot> syscalls = [];
                foreach (SyscallSnapshot syscall in snapshot.Syscalls)
                {
                    if (written is null || !written.Syscalls.TryGetValue((syscall.ArchName, syscall.Nr), out (long Count, long Denied) seen)
                        || seen != (syscall.Count, syscall.Denied))
                    {
                        syscalls.Add(syscall);
                    }
                }

                bool writeRow = written is null || written.Mark != mark;
                List<ExecutableRow> executables = ChangedExecutables(snapshot, written);
                if (writeRow || syscalls.Count > 0 || executables.Count > 0)
                {
                    changes.Add((snapshot, mark, writeRow, syscalls, executables));
                }
            }

            if (changes.Count == 0)
            {
                return 0;
            }

            int rows = 0;
            using (SqliteTransaction transaction = Connection.BeginTransaction())
            {
                using SqliteCommand container = ContainerUpsert(transaction);
                using SqliteCommand syscall = SyscallUpsert(transaction);
                using SqliteCommand argument = ArgumentUpsert(transaction);
                using SqliteCommand executable = ExecutableUpsert(transaction);
                foreach ((ContainerSnapshot snapshot, _, bool writeRow, List<SyscallSnapshot> syscalls, List<ExecutableRow> executables) in changes)
                {
                    // The container row always exists before its syscall rows are written.
                    if (writeRow)
                    {
                        BindContainer(container, snapshot);
                        rows += container.ExecuteNonQuery();
                    }

                    foreach (SyscallSnapshot call in syscalls)
                    {
                        BindSyscall(syscall, snapshot.Key, call);
                        rows += syscall.ExecuteNonQuery();

                        // A tracked call changes its syscall's count too: its arguments are written when the count is.
                        foreach (ArgumentSnapshot values in call.Arguments ?? [])
                        {
                            BindArgument(argument, snapshot.Key, call, values);
                            rows += argument.ExecuteNonQuery();
                        }
                    }

                    foreach (ExecutableRow row in executables)
                    {
                        BindExecutable(executable, snapshot.Key, row);
                        rows += executable.ExecuteNonQuery();
                    }
                }

                transaction.Commit();
            }

            foreach ((ContainerSnapshot snapshot, Mark mark, _, List<SyscallSnapshot> syscalls, List<ExecutableRow> executables) in changes)
            {
                if (!_written.TryGetValue(snapshot.Key, out Written? written))
                {
                    written = new Written(mark);
                    _written[snapshot.Key] = written;
                }

                written.Mark = mark;
                foreach (SyscallSnapshot call in syscalls)
                {
                    written.Syscalls[(call.ArchName, call.Nr)] = (call.Count, call.Denied);
                }

                foreach (ExecutableRow row in executables)
                {
                    written.Executables[(row.Executable, row.Call.ArchName, row.Call.Nr)] = (row.Call.Count, row.Call.Denied);
                }
            }

            RowsWritten += rows;
            return rows;
        }
    }

    /// <summary>Removes a run of a container and its syscalls; false if the database had none.</summary>
    public bool Delete(RunKey key)
    {
        lock (_gate)
        {
            _written.Remove(key);
            using SqliteTransaction transaction = Connection.BeginTransaction();
            using SqliteCommand delete = Connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = """
                DELETE FROM syscall_arguments WHERE runtime_namespace = $ns AND container_id = $id AND run = $run;
                DELETE FROM executable_syscalls WHERE runtime_namespace = $ns AND container_id = $id AND run = $run;
                DELETE FROM syscalls WHERE runtime_namespace = $ns AND container_id = $id AND run = $run;
                DELETE FROM containers WHERE runtime_namespace = $ns AND id = $id AND run = $run;
                """;
            delete.Parameters.AddWithValue("$ns", key.RuntimeNamespace);
            delete.Parameters.AddWithValue("$id", key.Id);
            delete.Parameters.AddWithValue("$run", key.Run);
            int rows = delete.ExecuteNonQuery();
            transaction.Commit();
            return rows > 0;
        }
    }

    /// <summary>The AUDIT_ARCH_* value of a snapshot's arch: the known arches have one; the rest carry it in their name.</summary>
    internal static uint AuditArchOf(SyscallSnapshot syscall) => AuditArchOf(syscall.Arch, syscall.ArchName);

    internal static uint AuditArchOf(SyscallArch arch, string archName) => arch != SyscallArch.Unknown
        ? ArchDecoder.AuditArch(arch)
        : uint.Parse(archName.AsSpan("audit:0x".Length), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);

    private SqliteCommand ContainerUpsert(SqliteTransaction transaction)
    {
        SqliteCommand command = Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO containers (runtime_namespace, id, run, init_pid, bundle, oci_version, annotations, metadata,
                pod_name, pod_namespace, container_name, pod_uid,
                policy_mode, policy_mode_source, policy_errno, policy_errno_source, policy_grace_ms, policy_grace_source,
                first_seen, last_seen, exited_at, termination_reason, termination_message, termination_at,
                notifications, violations, listeners_total, coverage)
            VALUES ($runtime_namespace, $id, $run, $init_pid, $bundle, $oci_version, $annotations, $metadata,
                $pod_name, $pod_namespace, $container_name, $pod_uid,
                $policy_mode, $policy_mode_source, $policy_errno, $policy_errno_source, $policy_grace_ms, $policy_grace_source,
                $first_seen, $last_seen, $exited_at, $termination_reason, $termination_message, $termination_at,
                $notifications, $violations, $listeners_total, $coverage)
            ON CONFLICT (runtime_namespace, id, run) DO UPDATE SET
                last_seen = excluded.last_seen, exited_at = excluded.exited_at,
                termination_reason = excluded.termination_reason, termination_message = excluded.termination_message,
                termination_at = excluded.termination_at, notifications = excluded.notifications,
                violations = excluded.violations, listeners_total = excluded.listeners_total
            """;
        return command;
    }

    private SqliteCommand SyscallUpsert(SqliteTransaction transaction)
    {
        SqliteCommand command = Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO syscalls (runtime_namespace, container_id, run, audit_arch, arch, nr, count, denied, first_seen, last_seen, violations, paths)
            VALUES ($runtime_namespace, $container_id, $run, $audit_arch, $arch, $nr, $count, $denied, $first_seen, $last_seen, $violations, $paths)
            ON CONFLICT (runtime_namespace, container_id, run, audit_arch, arch, nr) DO UPDATE SET
                count = excluded.count, denied = excluded.denied, last_seen = excluded.last_seen, violations = excluded.violations,
                paths = excluded.paths
            """;
        return command;
    }

    private SqliteCommand ArgumentUpsert(SqliteTransaction transaction)
    {
        SqliteCommand command = Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO syscall_arguments (runtime_namespace, container_id, run, audit_arch, arch, nr, argument, value_counts, other)
            VALUES ($runtime_namespace, $container_id, $run, $audit_arch, $arch, $nr, $argument, $value_counts, $other)
            ON CONFLICT (runtime_namespace, container_id, run, audit_arch, arch, nr, argument) DO UPDATE SET
                value_counts = excluded.value_counts, other = excluded.other
            """;
        return command;
    }

    private static void BindArgument(SqliteCommand command, RunKey container, SyscallSnapshot s, ArgumentSnapshot argument)
    {
        SqliteParameterCollection p = BindSyscallKey(command, container, s);
        p.AddWithValue("$argument", argument.Name);
        p.AddWithValue("$value_counts", ArgumentValuesJson.Write(argument.Values));
        p.AddWithValue("$other", argument.Other);
    }

    private static void BindContainer(SqliteCommand command, ContainerSnapshot c)
    {
        command.Parameters.Clear();
        SqliteParameterCollection p = command.Parameters;
        p.AddWithValue("$runtime_namespace", c.RuntimeNamespace);
        p.AddWithValue("$id", c.Id);
        p.AddWithValue("$run", c.Run);
        p.AddWithValue("$init_pid", c.InitPid);
        p.AddWithValue("$bundle", c.Bundle);
        p.AddWithValue("$oci_version", c.OciVersion);
        p.AddWithValue("$annotations", JsonSerializer.Serialize(c.Annotations, StorageJson.Default.IReadOnlyDictionaryStringString));
        p.AddWithValue("$metadata", c.Metadata);
        p.AddWithValue("$pod_name", (object?)c.Kubernetes?.PodName ?? DBNull.Value);
        p.AddWithValue("$pod_namespace", (object?)c.Kubernetes?.PodNamespace ?? DBNull.Value);
        p.AddWithValue("$container_name", (object?)c.Kubernetes?.ContainerName ?? DBNull.Value);
        p.AddWithValue("$pod_uid", (object?)c.Kubernetes?.PodUid ?? DBNull.Value);
        p.AddWithValue("$policy_mode", (int)c.Policy.Mode);
        p.AddWithValue("$policy_mode_source", (int)c.Policy.ModeSource);
        p.AddWithValue("$policy_errno", c.Policy.Errno);
        p.AddWithValue("$policy_errno_source", (int)c.Policy.ErrnoSource);
        p.AddWithValue("$policy_grace_ms", (long)c.Policy.Grace.TotalMilliseconds);
        p.AddWithValue("$policy_grace_source", (int)c.Policy.GraceSource);
        p.AddWithValue("$first_seen", ToUnixMs(c.FirstSeen));
        p.AddWithValue("$last_seen", ToUnixMs(c.LastSeen));
        p.AddWithValue("$exited_at", c.ExitedAt is { } exited ? ToUnixMs(exited) : DBNull.Value);
        p.AddWithValue("$termination_reason", (object?)c.Termination?.Reason ?? DBNull.Value);
        p.AddWithValue("$termination_message", (object?)c.Termination?.Message ?? DBNull.Value);
        p.AddWithValue("$termination_at", c.Termination is { } t ? ToUnixMs(t.At) : DBNull.Value);
        p.AddWithValue("$notifications", c.Notifications);
        p.AddWithValue("$violations", c.Violations);
        p.AddWithValue("$listeners_total", c.ListenersTotal);
        p.AddWithValue("$coverage", c.Coverage is { } coverage ? JsonSerializer.Serialize(coverage, StorageJson.Default.SyscallCoverage) : DBNull.Value);
    }

    private static void BindSyscall(SqliteCommand command, RunKey container, SyscallSnapshot s)
    {
        SqliteParameterCollection p = BindSyscallKey(command, container, s);
        p.AddWithValue("$count", s.Count);
        p.AddWithValue("$denied", s.Denied);
        p.AddWithValue("$violations", s.Violations);
        p.AddWithValue("$first_seen", ToUnixMs(s.FirstSeen));
        p.AddWithValue("$last_seen", ToUnixMs(s.LastSeen));
        // Read before the call is counted (NotifyWorker): a row written for a count holds that call's path.
        p.AddWithValue("$paths", s.Paths is { } paths ? PathsJson.Write(paths) : DBNull.Value);
    }

    // The key columns syscalls and syscall_arguments share.
    private static SqliteParameterCollection BindSyscallKey(SqliteCommand command, RunKey container, SyscallSnapshot s)
    {
        command.Parameters.Clear();
        SqliteParameterCollection p = command.Parameters;
        p.AddWithValue("$runtime_namespace", container.RuntimeNamespace);
        p.AddWithValue("$container_id", container.Id);
        p.AddWithValue("$run", container.Run);
        p.AddWithValue("$audit_arch", (long)AuditArchOf(s));
        p.AddWithValue("$arch", s.ArchName);
        p.AddWithValue("$nr", s.Nr);
        return p;
    }

    /// <summary>The container fields a flush compares; the rest never change after the first fd.</summary>
    private readonly record struct Mark(long LastSeenMs, long? ExitedMs, long Notifications, long Violations, int ListenersTotal, bool Terminated)
    {
        public static Mark Of(ContainerSnapshot c) => new(
            ToUnixMs(c.LastSeen), c.ExitedAt is { } e ? ToUnixMs(e) : null, c.Notifications, c.Violations, c.ListenersTotal, c.Termination is not null);
    }

    private sealed class Written(Mark mark)
    {
        public Mark Mark { get; set; } = mark;

        public Dictionary<(string Arch, long Nr), (long Count, long Denied)> Syscalls { get; } = [];

        public Dictionary<(string Executable, string Arch, long Nr), (long Count, long Denied)> Executables { get; } = [];
    }
}
