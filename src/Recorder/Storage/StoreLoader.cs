using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Storage;

/// <summary>
/// Puts every stored container back into the registry, as exited, before the agent listener accepts (it is registered
/// before it, and hosted services start in order): a container that reconnects finds its recording.
/// </summary>
internal sealed class StoreLoader : IHostedService
{
    private readonly StateDirectoryLock _lock;
    private readonly RecordingStore _store;
    private readonly ContainerRegistry _registry;
    private readonly ContainerRemoval _removal;
    private readonly TimeProvider _time;
    private readonly ILogger<StoreLoader> _logger;

    public StoreLoader(StateDirectoryLock stateLock, RecordingStore store, ContainerRegistry registry, ContainerRemoval removal, TimeProvider time, ILogger<StoreLoader> logger)
    {
        _lock = stateLock;
        _store = store;
        _registry = registry;
        _removal = removal;
        _time = time;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the database is opened: a second daemon on this directory stops here, having touched nothing. After a
        // takeover the predecessor has exited by now, and the file names this daemon from here on.
        _lock.Claim();
        IReadOnlyList<StoredContainer> stored;
        try
        {
            _store.Open();
            stored = _store.Load();
        }
        catch (SqliteException e)
        {
            // Not corruption (that is moved aside): the file cannot be created or read at all. The daemon refuses to
            // start rather than run without the persistence it promises; the CLI prints this and exits 1.
            throw new IOException($"recordings database {_store.FilePath}: {e.Message}", e);
        }

        int syscalls = 0;
        foreach (StoredContainer container in stored)
        {
            syscalls += container.Syscalls.Count;
            _registry.Restore(RecordingRestorer.Restore(
                container,
                _registry.Clock,
                _registry.Events,
                dropped => StorageLog.SyscallNotRestored(_logger, container.Identity.Id, dropped.Arch, dropped.Nr),
                _registry.Policies));
        }

        StorageLog.Loaded(_logger, stored.Count, syscalls, _store.FilePath);
        _removal.SweepExpired(_time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
