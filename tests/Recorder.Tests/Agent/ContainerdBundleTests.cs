using SeccompRecorder.Agent;
using Xunit;

namespace SeccompRecorder.Tests.Agent;

public sealed class ContainerdBundleTests
{
    [Theory]
    [InlineData("/run/containerd/io.containerd.runtime.v2.task/default/app", "app", "default")]
    [InlineData("/tmp/t/state/io.containerd.runtime.v2.task/k8s.io/3f4e9a/", "3f4e9a", "k8s.io")]
    [InlineData("/run/containerd/io.containerd.runtime.v2.task/default/app", "other", "")] // not this id's bundle
    [InlineData("/run/runc/bundle/app", "app", "")]
    [InlineData(".", "app", "")] // crun's exec
    [InlineData("", "app", "")]
    [InlineData("io.containerd.runtime.v2.task/ns/app", "app", "ns")]
    [InlineData("/io.containerd.runtime.v2.task//app", "app", "")]
    public void Namespace_FromBundlePath(string bundle, string id, string expected)
    {
        Assert.Equal(expected, ContainerdBundle.Namespace(bundle, id));
    }
}
