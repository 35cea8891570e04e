namespace SeccompRecorder.Recording;

/// <summary>What egress surfaces (gRPC, metrics, storage) may read. Every answer is a snapshot.</summary>
internal interface IRecordingReader
{
    IReadOnlyList<ContainerSnapshot> ListContainers(bool includeSyscalls);

    /// <summary>
    /// One run of a container by its id or a unique prefix of it; <paramref name="run"/> 0 means the newest run (the
    /// latest first seen).
    /// </summary>
    ContainerLookup Lookup(string idOrPrefix, int run, bool includeSyscalls);

    /// <summary>Events from the moment of the call until <paramref name="cancellationToken"/> fires.</summary>
    IAsyncEnumerable<RecorderEvent> WatchEvents(string? containerId, CancellationToken cancellationToken);

    DaemonStatus GetStatus();
}
