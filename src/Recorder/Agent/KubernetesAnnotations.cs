using SeccompRecorder.Recording;

namespace SeccompRecorder.Agent;

/// <summary>The pod identity runtimes put in a container's annotations.</summary>
internal static class KubernetesAnnotations
{
    // CRI-O (internal/annotations and k8s.io/kubelet/pkg/types labels).
    private const string CrioPodName = "io.kubernetes.pod.name";
    private const string CrioPodNamespace = "io.kubernetes.pod.namespace";
    private const string CrioPodUid = "io.kubernetes.pod.uid";
    private const string CrioContainerName = "io.kubernetes.container.name";

    // containerd's CRI plugin (pkg/cri/annotations).
    private const string ContainerdPodName = "io.kubernetes.cri.sandbox-name";
    private const string ContainerdPodNamespace = "io.kubernetes.cri.sandbox-namespace";
    private const string ContainerdPodUid = "io.kubernetes.cri.sandbox-uid";
    private const string ContainerdContainerName = "io.kubernetes.cri.container-name";

    public static KubernetesIdentity? From(IReadOnlyDictionary<string, string> annotations)
    {
        string? podName = Get(annotations, CrioPodName) ?? Get(annotations, ContainerdPodName);
        if (podName is null)
        {
            return null;
        }

        return new KubernetesIdentity(
            podName,
            Get(annotations, CrioPodNamespace) ?? Get(annotations, ContainerdPodNamespace) ?? string.Empty,
            Get(annotations, CrioContainerName) ?? Get(annotations, ContainerdContainerName) ?? string.Empty,
            Get(annotations, CrioPodUid) ?? Get(annotations, ContainerdPodUid) ?? string.Empty);
    }

    private static string? Get(IReadOnlyDictionary<string, string> annotations, string key) =>
        annotations.TryGetValue(key, out string? value) && value.Length > 0 ? value : null;
}
