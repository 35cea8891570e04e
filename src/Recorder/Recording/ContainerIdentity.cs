namespace SeccompRecorder.Recording;

/// <summary>What the runtime told us about a container when it first handed over a notify fd.</summary>
internal sealed record ContainerIdentity(
    string Id,
    int InitPid,
    string Bundle,
    string OciVersion,
    IReadOnlyDictionary<string, string> Annotations,
    string Metadata,
    KubernetesIdentity? Kubernetes);
