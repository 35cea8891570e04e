using System.Text.Json.Nodes;
using SeccompRecorder.Demo;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>What ctr and Podman are given for a container: the tests' busybox rootfs and linux.seccomp as a profile file.</summary>
internal sealed record ContainerFiles(string RootFs, string ProfilePath)
{
    private static int s_count;

    public static async Task<ContainerFiles> CreateAsync(RuncEnvironment env, string name, JsonObject seccomp)
    {
        // A directory of its own per container: the same name can run twice at once (two containerd namespaces).
        RuncBundle bundle = await env.NewBundleAsync($"{name}-{Interlocked.Increment(ref s_count)}");
        string profile = Path.Combine(bundle.Directory, "seccomp.json");
        await File.WriteAllTextAsync(profile, seccomp.ToJsonString());
        return new ContainerFiles(bundle.RootFs, profile);
    }
}
