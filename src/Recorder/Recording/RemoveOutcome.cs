namespace SeccompRecorder.Recording;

/// <summary>What <see cref="ContainerRegistry.TryRemove"/> did.</summary>
internal enum RemoveOutcome
{
    Removed,
    NotFound,
    Running,
}
