namespace SeccompRecorder.Policy;

/// <summary>Where a policy setting came from, first match winning in this order: metadata, annotation, default.</summary>
internal enum PolicySource
{
    /// <summary>The daemon's --default-policy / --default-errno / --grace.</summary>
    Default = 1,

    /// <summary>The profile's listenerMetadata, passed through by the runtime.</summary>
    Metadata = 2,

    /// <summary>CRI-O's seccomp notifier annotation.</summary>
    Annotation = 3,
}
