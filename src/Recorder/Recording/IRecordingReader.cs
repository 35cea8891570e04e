namespace SeccompRecorder.Recording;

/// <summary>What egress surfaces (gRPC, metrics, storage) may read. Every answer is a snapshot.</summary>
internal interface IRecordingReader
{
    IReadOnlyList<ContainerSnapshot> ListContainers(bool includeSyscalls);

    bool TryGetContainer(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ContainerSnapshot? container);

    /// <summary>Events from the moment of the call until <paramref name="cancellationToken"/> fires.</summary>
    IAsyncEnumerable<RecorderEvent> WatchEvents(string? containerId, CancellationToken cancellationToken);

    DaemonStatus GetStatus();
}
