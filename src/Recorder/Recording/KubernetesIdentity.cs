namespace SeccompRecorder.Recording;

/// <summary>The pod a container belongs to, as the runtime's annotations name it (CRI-O or containerd).</summary>
internal sealed record KubernetesIdentity(string PodName, string PodNamespace, string ContainerName, string PodUid);
