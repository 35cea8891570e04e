using SeccompRecorder.Api.V1;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>containerd 1.6.20 (ctr) over runc 1.1.5.</summary>
[Collection(RuntimesCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class ContainerdRuncTests : RuntimeContractTests
{
    public ContainerdRuncTests(RuntimesEnvironment env)
        : base(env, "containerd+runc")
    {
    }

    /// <summary>
    /// Ids are unique only within a containerd namespace: one id running in two at once is two recordings, each with its
    /// namespace (read from the bundle path), each exec joining its own, and one metrics series set per namespace.
    /// </summary>
    [Fact]
    public async Task SameIdInTwoNamespaces_TwoRecordingsEachWithItsOwnExec()
    {
        ContainerdRuntime first = (ContainerdRuntime)Runtime;
        ContainerdRuntime second = first.InNamespace(first.RuntimeNamespace + "-b");
        string name = NameFor("twins");
        string[] args = ["/bin/sh", "-c", "/sysloop geteuid 2; exec /bin/sleep 60"];
        try
        {
            await first.StartAsync(name, args, Profile("policy=record;twin=a", "geteuid"));
            await second.StartAsync(name, args, Profile("policy=record;twin=b", "geteuid"));
            using RecorderClient client = Env.Daemon.Client();
            await Poll.UntilAsync(
                async ct => (await client.ListContainersAsync(ct)).Count(c => c.Id == name && c.Notifications == 2) == 2 ? "both" : null,
                () => $"both {name} containers made their calls (log:\n{Env.Daemon.Output})");

            Assert.True((await second.ExecAsync(name, ["/sysloop", "geteuid", "5"])).Succeeded);

            IReadOnlyList<Container> twins = [.. (await client.ListContainersAsync()).Where(c => c.Id == name).OrderBy(c => c.Metadata, StringComparer.Ordinal)];
            Assert.Equal(
                [(first.RuntimeNamespace, 1U, "policy=record;twin=a", 2UL, 1U), (second.RuntimeNamespace, 1U, "policy=record;twin=b", 7UL, 2U)],
                twins.Select(c => (c.RuntimeNamespace, c.Run, c.Metadata, c.Notifications, c.ListenersTotal)));
            string metrics = await Metrics.MetricsScrape.GetTextAsync(await Metrics.MetricsScrape.EndpointAsync(Env.Daemon));
            Assert.Equal(
                [$"seccomp_recorder_syscalls_total{{container=\"{name}\",pod=\"\",namespace=\"\",syscall=\"geteuid\",arch=\"x86_64\",action=\"allowed\",runtime_namespace=\"{first.RuntimeNamespace}\"}} 2",
                 $"seccomp_recorder_syscalls_total{{container=\"{name}\",pod=\"\",namespace=\"\",syscall=\"geteuid\",arch=\"x86_64\",action=\"allowed\",runtime_namespace=\"{second.RuntimeNamespace}\"}} 7"],
                Metrics.MetricsScrape.Lines(metrics, $"seccomp_recorder_syscalls_total{{container=\"{name}\""));
        }
        finally
        {
            await first.RemoveAsync(name);
            await second.RemoveAsync(name);
        }
    }
}
