using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace SeccompRecorder.Storage;

/// <summary>
/// recordings.db under the state directory: one connection, WAL, every operation under one lock (the flusher, the
/// retention sweep and DeleteContainer share it). Never used by the notify hot path: it is written from snapshots.
/// </summary>
internal sealed partial class RecordingStore : IDisposable
{
    public const string FileName = "recordings.db";

    // SQLite primary result codes (sqlite3.h) that mean the file is not a database we can use.
    private const int SQLITE_CORRUPT = 11;
    private const int SQLITE_NOTADB = 26;

    private readonly Lock _gate = new();
    private readonly string _stateDir;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private SqliteConnection? _connection;

    /// <summary>Nothing is touched until <see cref="Open()"/>: the daemon opens it when it starts, after its settings
    /// were validated, not when the services are built.</summary>
    public RecordingStore(string stateDir, TimeProvider time, ILogger logger)
    {
        _stateDir = stateDir;
        _time = time;
        _logger = logger;
        FilePath = Path.Combine(stateDir, FileName);
    }

    public string FilePath { get; }

    private SqliteConnection Connection => _connection ?? throw new InvalidOperationException("the recordings database is not open yet");

    /// <summary>A store opened at once (tests, tools).</summary>
    public static RecordingStore Open(string stateDir, TimeProvider time, ILogger logger)
    {
        RecordingStore store = new(stateDir, time, logger);
        store.Open();
        return store;
    }

    /// <summary>
    /// Opens (or creates) the database in the state directory, created 0700 if missing. A corrupt database, or one a
    /// newer version wrote, is moved aside with its -wal/-shm and logged as an error; a fresh one is started.
    /// </summary>
    public void Open()
    {
        lock (_gate)
        {
            if (_connection is null)
            {
                _connection = OpenFile(_stateDir, FilePath, _time, _logger);
            }
        }
    }

    private static SqliteConnection OpenFile(string stateDir, string path, TimeProvider time, ILogger logger)
    {
        Directory.CreateDirectory(stateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (File.Exists(path))
        {
            string? problem = Check(path, out string suffix);
            if (problem is not null)
            {
                string movedTo = MoveAside(path, suffix + "-" + time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
                StorageLog.MovedAside(logger, path, problem, movedTo);
            }
        }

        SqliteConnection connection = Connect(path);
        try
        {
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
            StoreSchema.Migrate(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    /// <summary>
    /// Caps the database at <paramref name="pages"/> pages (PRAGMA max_page_count): writes beyond fail with SQLITE_FULL as
    /// on a full disk. For tests of that path; the daemon never calls it.
    /// </summary>
    internal void LimitPages(long pages)
    {
        lock (_gate)
        {
            Execute(Connection, $"PRAGMA max_page_count = {pages.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    internal long PageCount()
    {
        lock (_gate)
        {
            using SqliteCommand count = Connection.CreateCommand();
            count.CommandText = "PRAGMA page_count";
            return (long)count.ExecuteScalar()!;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection?.Dispose();
            _connection = null;
        }
    }

    /// <summary>Null when the file is usable; otherwise what is wrong, and "corrupt" or "newer" for the moved file's name.</summary>
    private static string? Check(string path, out string suffix)
    {
        suffix = "corrupt";
        try
        {
            // Read-only: a read-write close may checkpoint or delete a -wal that belongs to the evidence.
            using SqliteConnection connection = Connect(path, SqliteOpenMode.ReadOnly);
            using SqliteCommand integrity = connection.CreateCommand();
            integrity.CommandText = "PRAGMA integrity_check(1)";
            string result = integrity.ExecuteScalar() as string ?? "no answer";
            if (!string.Equals(result, "ok", StringComparison.Ordinal))
            {
                return $"integrity_check failed: {result}";
            }

            int version = StoreSchema.ReadVersion(connection);
            if (version > StoreSchema.CurrentVersion)
            {
                suffix = "newer";
                return $"schema version {version} is newer than this build's {StoreSchema.CurrentVersion}";
            }

            return null;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SQLITE_CORRUPT or SQLITE_NOTADB)
        {
            return e.Message;
        }
    }

    private static string MoveAside(string path, string suffix)
    {
        // Connections are unpooled, so nothing holds the files now; -wal/-shm belong to the database and go with it.
        string target = path + "." + suffix;
        File.Move(path, target);
        foreach (string extra in (string[])["-wal", "-shm"])
        {
            if (File.Exists(path + extra))
            {
                File.Move(path + extra, target + extra);
            }
        }

        return target;
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate)
    {
        SqliteConnection connection = new(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long ToUnixMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
