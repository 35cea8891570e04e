using System.Text.Json;
using Microsoft.Data.Sqlite;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Paths;

namespace SeccompRecorder.Storage;

internal sealed partial class RecordingStore
{
    /// <summary>Every stored container with its syscalls, oldest first. What is read counts as written.</summary>
    public IReadOnlyList<StoredContainer> Load()
    {
        lock (_gate)
        {
            Dictionary<(RunKey, uint, string, long), List<StoredArgument>> arguments = ReadArguments();
            Dictionary<RunKey, List<StoredExecutableCall>> executables = ReadExecutables();
            Dictionary<RunKey, List<StoredSyscall>> syscalls = [];
            using (SqliteCommand read = Connection.CreateCommand())
            {
                read.CommandText = """
                    SELECT runtime_namespace, container_id, run, audit_arch, arch, nr, count, denied, first_seen, last_seen, violations, paths FROM syscalls
                    """;
                using SqliteDataReader row = read.ExecuteReader();
                while (row.Read())
                {
                    RunKey key = new(row.GetString(0), row.GetString(1), row.GetInt32(2));
                    if (!syscalls.TryGetValue(key, out List<StoredSyscall>? list))
                    {
                        list = [];
                        syscalls[key] = list;
                    }

                    (uint auditArch, string arch, long nr) = ((uint)row.GetInt64(3), row.GetString(4), row.GetInt64(5));
                    list.Add(new StoredSyscall(
                        auditArch, arch, nr, row.GetInt64(6), row.GetInt64(7), row.GetInt64(10),
                        FromUnixMs(row.GetInt64(8)), FromUnixMs(row.GetInt64(9)),
                        arguments.GetValueOrDefault((key, auditArch, arch, nr)),
                        row.IsDBNull(11) ? null : ReadPaths(row.GetString(11))));
                }
            }

            List<StoredContainer> containers = [];
            using (SqliteCommand read = Connection.CreateCommand())
            {
                read.CommandText = """
                    SELECT id, init_pid, bundle, oci_version, annotations, metadata,
                        pod_name, pod_namespace, container_name, pod_uid,
                        policy_mode, policy_mode_source, policy_errno, policy_errno_source, policy_grace_ms, policy_grace_source,
                        first_seen, last_seen, exited_at, termination_reason, termination_message, termination_at,
                        notifications, violations, listeners_total, runtime_namespace, run, coverage
                    FROM containers ORDER BY first_seen, id, run
                    """;
                using SqliteDataReader row = read.ExecuteReader();
                while (row.Read())
                {
                    StoredContainer container = ReadContainer(row, syscalls);
                    if (executables.TryGetValue(container.Identity.Key, out List<StoredExecutableCall>? calls))
                    {
                        container = container with { Executables = calls };
                    }

                    containers.Add(container);
                    Remember(container);
                }
            }

            return containers;
        }
    }

    // Under _gate. Keyed by the syscall row they belong to.
    private Dictionary<(RunKey, uint, string, long), List<StoredArgument>> ReadArguments()
    {
        Dictionary<(RunKey, uint, string, long), List<StoredArgument>> arguments = [];
        using SqliteCommand read = Connection.CreateCommand();
        read.CommandText = """
            SELECT runtime_namespace, container_id, run, audit_arch, arch, nr, argument, value_counts, other
            FROM syscall_arguments ORDER BY argument
            """;
        using SqliteDataReader row = read.ExecuteReader();
        while (row.Read())
        {
            (RunKey, uint, string, long) key = (new RunKey(row.GetString(0), row.GetString(1), row.GetInt32(2)), (uint)row.GetInt64(3), row.GetString(4), row.GetInt64(5));
            if (!arguments.TryGetValue(key, out List<StoredArgument>? list))
            {
                list = [];
                arguments[key] = list;
            }

            list.Add(new StoredArgument(row.GetString(6), ArgumentValuesJson.Read(row.GetString(7)), row.GetInt64(8)));
        }

        return arguments;
    }

    private static StoredContainer ReadContainer(SqliteDataReader row, Dictionary<RunKey, List<StoredSyscall>> syscalls)
    {
        string id = row.GetString(0);
        IReadOnlyDictionary<string, string> annotations =
            JsonSerializer.Deserialize(row.GetString(4), StorageJson.Default.DictionaryStringString) ?? [];
        KubernetesIdentity? kubernetes = row.IsDBNull(6)
            ? null
            : new KubernetesIdentity(row.GetString(6), row.GetString(7), row.GetString(8), row.GetString(9));
        ContainerIdentity identity = new(
            id, row.GetInt32(1), row.GetString(2), row.GetString(3), annotations, row.GetString(5), kubernetes, row.GetString(25), row.GetInt32(26),
            row.IsDBNull(27) ? null : ReadCoverage(row.GetString(27)));
        EffectivePolicy policy = new(
            (PolicyMode)row.GetInt32(10), (PolicySource)row.GetInt32(11),
            row.GetInt32(12), (PolicySource)row.GetInt32(13),
            TimeSpan.FromMilliseconds(row.GetInt64(14)), (PolicySource)row.GetInt32(15));
        ContainerTermination? termination = row.IsDBNull(19)
            ? null
            : new ContainerTermination(row.GetString(19), row.GetString(20), FromUnixMs(row.GetInt64(21)));
        RestoredState state = new(
            FromUnixMs(row.GetInt64(16)),
            FromUnixMs(row.GetInt64(17)),
            row.IsDBNull(18) ? null : FromUnixMs(row.GetInt64(18)),
            row.GetInt64(22),
            row.GetInt64(23),
            row.GetInt32(24),
            termination);
        return new StoredContainer(identity, policy, state, syscalls.TryGetValue(identity.Key, out List<StoredSyscall>? list) ? list : []);
    }

    // A row this daemon wrote; one that does not parse is a recording without coverage, not a database that will not load.
    // A paths column that does not parse loses the paths, not the recording.
    private static PathSnapshot? ReadPaths(string json)
    {
        try
        {
            return PathsJson.Read(json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return null;
        }
    }

    private static SyscallCoverage? ReadCoverage(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, StorageJson.Default.SyscallCoverage);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Remember(StoredContainer container)
    {
        RestoredState s = container.State;
        Written written = new(new Mark(
            ToUnixMs(s.LastSeen), s.ExitedAt is { } e ? ToUnixMs(e) : null, s.Notifications, s.Violations, s.ListenersTotal, s.Termination is not null));
        foreach (StoredSyscall syscall in container.Syscalls)
        {
            written.Syscalls[(syscall.Arch, syscall.Nr)] = (syscall.Count, syscall.Denied);
        }

        foreach (StoredExecutableCall call in container.Executables ?? [])
        {
            written.Executables[(call.Executable, call.Arch, call.Nr)] = (call.Count, call.Denied);
        }

        _written[container.Identity.Key] = written;
    }
}
