using SeccompRecorder.Agent;
using SeccompRecorder.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Agent;

public sealed class KubernetesAnnotationsTests
{
    [Fact]
    public void From_CrioAnnotations_ReturnsPodIdentity()
    {
        Dictionary<string, string> annotations = new()
        {
            ["io.container.manager"] = "cri-o",
            ["io.kubernetes.pod.name"] = "web-5d8f",
            ["io.kubernetes.pod.namespace"] = "shop",
            ["io.kubernetes.pod.uid"] = "0b6c1f5e-1111-2222-3333-444455556666",
            ["io.kubernetes.container.name"] = "nginx",
        };

        Assert.Equal(new KubernetesIdentity("web-5d8f", "shop", "nginx", "0b6c1f5e-1111-2222-3333-444455556666"), KubernetesAnnotations.From(annotations));
    }

    [Fact]
    public void From_ContainerdAnnotations_ReturnsPodIdentity()
    {
        Dictionary<string, string> annotations = new()
        {
            ["io.kubernetes.cri.container-type"] = "container",
            ["io.kubernetes.cri.sandbox-name"] = "web-5d8f",
            ["io.kubernetes.cri.sandbox-namespace"] = "shop",
            ["io.kubernetes.cri.sandbox-uid"] = "0b6c1f5e-1111-2222-3333-444455556666",
            ["io.kubernetes.cri.container-name"] = "nginx",
        };

        Assert.Equal(new KubernetesIdentity("web-5d8f", "shop", "nginx", "0b6c1f5e-1111-2222-3333-444455556666"), KubernetesAnnotations.From(annotations));
    }

    [Fact]
    public void From_NoKubernetesAnnotations_ReturnsNull()
    {
        Assert.Null(KubernetesAnnotations.From(new Dictionary<string, string>()));
        Assert.Null(KubernetesAnnotations.From(new Dictionary<string, string> { ["io.kubernetes.cri-o.seccompNotifierAction"] = "stop" }));
    }

    [Fact]
    public void From_OnlyPodName_ReturnsIdentityWithEmptyRest()
    {
        Assert.Equal(
            new KubernetesIdentity("p", string.Empty, string.Empty, string.Empty),
            KubernetesAnnotations.From(new Dictionary<string, string> { ["io.kubernetes.pod.name"] = "p" }));
    }

    [Fact]
    public void From_EmptyPodName_IsIgnored()
    {
        Dictionary<string, string> annotations = new()
        {
            ["io.kubernetes.pod.name"] = "",
            ["io.kubernetes.pod.namespace"] = "shop",
        };

        Assert.Null(KubernetesAnnotations.From(annotations));
    }

    [Fact]
    public void From_EmptyCrioValues_FallBackToContainerd()
    {
        Dictionary<string, string> annotations = new()
        {
            ["io.kubernetes.pod.name"] = "",
            ["io.kubernetes.pod.namespace"] = "",
            ["io.kubernetes.container.name"] = "",
            ["io.kubernetes.pod.uid"] = "",
            ["io.kubernetes.cri.sandbox-name"] = "p",
            ["io.kubernetes.cri.sandbox-namespace"] = "ns",
            ["io.kubernetes.cri.container-name"] = "c",
            ["io.kubernetes.cri.sandbox-uid"] = "u",
        };

        Assert.Equal(new KubernetesIdentity("p", "ns", "c", "u"), KubernetesAnnotations.From(annotations));
    }

    [Fact]
    public void From_BothRuntimesPresent_PrefersCrio()
    {
        Dictionary<string, string> annotations = new()
        {
            ["io.kubernetes.pod.name"] = "crio-pod",
            ["io.kubernetes.cri.sandbox-name"] = "containerd-pod",
        };

        Assert.Equal("crio-pod", KubernetesAnnotations.From(annotations)!.PodName);
    }

    [Fact]
    public void From_KeysDifferingInCase_AreNotMatched()
    {
        // Annotation keys are case-sensitive (Kubernetes validation): "IO.KUBERNETES.POD.NAME" is another key.
        Assert.Null(KubernetesAnnotations.From(new Dictionary<string, string>(StringComparer.Ordinal) { ["IO.KUBERNETES.POD.NAME"] = "p" }));
    }
}
