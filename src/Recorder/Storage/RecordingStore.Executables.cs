using Microsoft.Data.Sqlite;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Executables;

namespace SeccompRecorder.Storage;

/// <summary>executable_syscalls: a container's counts per (executable, arch, syscall), written when they change.</summary>
internal sealed partial class RecordingStore
{
    // Under _gate: the rows of snapshot whose counts differ from what was last written.
    private static List<ExecutableRow> ChangedExecutables(ContainerSnapshot snapshot, Written? written)
    {
        List<ExecutableRow> rows = [];
        foreach (ExecutableSnapshot executable in snapshot.Executables ?? [])
        {
            foreach (ExecutableSyscall call in executable.Syscalls)
            {
                if (written is null || !written.Executables.TryGetValue((executable.Path, call.ArchName, call.Nr), out (long Count, long Denied) seen)
                    || seen != (call.Count, call.Denied))
                {
                    rows.Add(new ExecutableRow(executable.Path, call));
                }
            }
        }

        return rows;
    }

    private SqliteCommand ExecutableUpsert(SqliteTransaction transaction)
    {
        SqliteCommand command = Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO executable_syscalls (runtime_namespace, container_id, run, executable, audit_arch, arch, nr, count, denied)
            VALUES ($runtime_namespace, $container_id, $run, $executable, $audit_arch, $arch, $nr, $count, $denied)
            ON CONFLICT (runtime_namespace, container_id, run, executable, audit_arch, arch, nr) DO UPDATE SET
                count = excluded.count, denied = excluded.denied
            """;
        return command;
    }

    private static void BindExecutable(SqliteCommand command, RunKey container, ExecutableRow row)
    {
        command.Parameters.Clear();
        SqliteParameterCollection p = command.Parameters;
        p.AddWithValue("$runtime_namespace", container.RuntimeNamespace);
        p.AddWithValue("$container_id", container.Id);
        p.AddWithValue("$run", container.Run);
        p.AddWithValue("$executable", row.Executable);
        p.AddWithValue("$audit_arch", (long)AuditArchOf(row.Call.Arch, row.Call.ArchName));
        p.AddWithValue("$arch", row.Call.ArchName);
        p.AddWithValue("$nr", row.Call.Nr);
        p.AddWithValue("$count", row.Call.Count);
        p.AddWithValue("$denied", row.Call.Denied);
    }

    // Under _gate.
    private Dictionary<RunKey, List<StoredExecutableCall>> ReadExecutables()
    {
        Dictionary<RunKey, List<StoredExecutableCall>> executables = [];
        using SqliteCommand read = Connection.CreateCommand();
        read.CommandText = """
            SELECT runtime_namespace, container_id, run, executable, audit_arch, arch, nr, count, denied
            FROM executable_syscalls ORDER BY executable, arch, nr
            """;
        using SqliteDataReader row = read.ExecuteReader();
        while (row.Read())
        {
            RunKey key = new(row.GetString(0), row.GetString(1), row.GetInt32(2));
            if (!executables.TryGetValue(key, out List<StoredExecutableCall>? list))
            {
                list = [];
                executables[key] = list;
            }

            list.Add(new StoredExecutableCall(row.GetString(3), (uint)row.GetInt64(4), row.GetString(5), row.GetInt64(6), row.GetInt64(7), row.GetInt64(8)));
        }

        return executables;
    }

    private sealed record ExecutableRow(string Executable, ExecutableSyscall Call);
}
