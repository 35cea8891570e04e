using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Storage;

/// <summary>Forgets exited containers, from the registry first and then from the database: DeleteContainer and retention.</summary>
internal sealed class ContainerRemoval
{
    private readonly ContainerRegistry _registry;
    private readonly RecordingStore _store;
    private readonly StorageSettings _settings;
    private readonly ILogger<ContainerRemoval> _logger;

    public ContainerRemoval(ContainerRegistry registry, RecordingStore store, StorageSettings settings, ILogger<ContainerRemoval> logger)
    {
        _registry = registry;
        _store = store;
        _settings = settings;
        _logger = logger;
    }

    /// <summary>
    /// Removed from memory at once; from the database too, or, if that write fails, the row stays until the next start
    /// (where it is loaded again). The flusher never writes it back: it skips ids the registry no longer knows.
    /// </summary>
    public RemoveOutcome Delete(RunKey key)
    {
        RemoveOutcome outcome = _registry.TryRemove(key);
        if (outcome == RemoveOutcome.Removed)
        {
            _store.Delete(key);
            StorageLog.Deleted(_logger, key.ToString());
        }

        return outcome;
    }

    /// <summary>Removes every container that exited more than the retention period before <paramref name="now"/>.</summary>
    public int SweepExpired(DateTimeOffset now)
    {
        int removed = 0;
        foreach (ContainerSnapshot container in _registry.ListContainers(includeSyscalls: false))
        {
            if (container.ExitedAt is { } exited && now - exited > _settings.Retention && _registry.TryRemove(container.Key) == RemoveOutcome.Removed)
            {
                removed++;
                StorageLog.Expired(_logger, container.Key.ToString(), DurationText.Format(_settings.Retention));
                try
                {
                    _store.Delete(container.Key);
                }
                catch (SqliteException e)
                {
                    // Loaded again at the next start and expired again then.
                    StorageLog.FlushFailed(_logger, _store.FilePath, e.Message);
                }
            }
        }

        return removed;
    }
}
