using SeccompRecorder.Agent;
using SeccompRecorder.Metrics;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;
using Xunit;

namespace SeccompRecorder.Tests.Metrics;

/// <summary>
/// The syscalls family is written container by container instead of through <see cref="MetricFamily"/>; its series
/// must still be MetricFamily's: one per label set, unknown numbers summed, ordered by label values in label order.
/// </summary>
public sealed class SyscallsFamilyTests
{
    [Fact]
    public void Write_RandomContainers_SameSeriesInTheSameOrderAsMetricFamily()
    {
        int seed = FuzzSeed.Get(20261202);
        Random random = new(seed);
        for (int round = 0; round < 50; round++)
        {
            IReadOnlyList<ContainerSnapshot> containers = RandomContainers(random);

            string expected = Reference(containers);
            string written = Written(containers);

            Assert.True(expected == written, $"seed {seed}, round {round}: expected\n{expected}\nwritten\n{written}");
        }
    }

    [Fact]
    public void Write_OneIdInTwoRuntimeNamespaces_SeriesInterleavedByTheLastLabel()
    {
        ContainerSnapshot[] containers =
        [
            Container("web", "k8s.io", [MetricsSamples.Syscall(SyscallArch.X86_64, 0, "read", 2, 0), MetricsSamples.Syscall(SyscallArch.X86_64, 1, "write", 3, 0)]),
            Container("web", "default", [MetricsSamples.Syscall(SyscallArch.X86_64, 0, "read", 5, 0), MetricsSamples.Syscall(SyscallArch.X86_64, 1, "write", 7, 0)]),
        ];

        string[] lines = Written(containers).Split('\n', StringSplitOptions.RemoveEmptyEntries)[2..];

        Assert.Equal(
            [
                "seccomp_recorder_syscalls_total{container=\"web\",pod=\"\",namespace=\"\",syscall=\"read\",arch=\"x86_64\",action=\"allowed\",runtime_namespace=\"default\"} 5",
                "seccomp_recorder_syscalls_total{container=\"web\",pod=\"\",namespace=\"\",syscall=\"read\",arch=\"x86_64\",action=\"allowed\",runtime_namespace=\"k8s.io\"} 2",
                "seccomp_recorder_syscalls_total{container=\"web\",pod=\"\",namespace=\"\",syscall=\"write\",arch=\"x86_64\",action=\"allowed\",runtime_namespace=\"default\"} 7",
                "seccomp_recorder_syscalls_total{container=\"web\",pod=\"\",namespace=\"\",syscall=\"write\",arch=\"x86_64\",action=\"allowed\",runtime_namespace=\"k8s.io\"} 3",
            ],
            lines);
    }

    private static string Written(IReadOnlyList<ContainerSnapshot> containers)
    {
        ExpositionWriter writer = new(ExpositionFormat.PrometheusText);
        SyscallsFamily.Write(writer, containers);
        return writer.ToString();
    }

    /// <summary>What the exposition wrote before the family had its own writer: every series through MetricFamily.</summary>
    private static string Reference(IReadOnlyList<ContainerSnapshot> containers)
    {
        MetricFamily family = new(
            RecorderExposition.SyscallsTotal, MetricType.Counter, SyscallsFamily.Help,
            "container", "pod", "namespace", "syscall", "arch", "action", "runtime_namespace");
        foreach (ContainerSnapshot container in containers)
        {
            string pod = container.Kubernetes?.PodName ?? string.Empty;
            string ns = container.Kubernetes?.PodNamespace ?? string.Empty;
            foreach (SyscallSnapshot syscall in container.Syscalls)
            {
                string name = syscall.Name ?? RecorderExposition.UnknownSyscall;
                long allowed = syscall.Count - syscall.Denied;
                if (allowed > 0)
                {
                    family.Add(allowed, container.Id, pod, ns, name, syscall.ArchName, "allowed", container.RuntimeNamespace);
                }

                if (syscall.Denied > 0)
                {
                    family.Add(syscall.Denied, container.Id, pod, ns, name, syscall.ArchName, "denied", container.RuntimeNamespace);
                }
            }
        }

        ExpositionWriter writer = new(ExpositionFormat.PrometheusText);
        writer.Write(family);
        return writer.ToString();
    }

    /// <summary>
    /// Few distinct ids, pods and namespaces, so equal leading labels across runtime namespaces, ids that are prefixes
    /// of others, several unknown numbers of one arch, and zero counts all come up.
    /// </summary>
    private static ContainerSnapshot[] RandomContainers(Random random)
    {
        string[] ids = ["a", "ab", "b", "B", "é", "a\"b"];
        string[] runtimeNamespaces = ["", "k8s.io", "default"];
        Dictionary<(string, string), ContainerSnapshot> containers = [];
        int count = random.Next(0, 8);
        for (int i = 0; i < count; i++)
        {
            string id = ids[random.Next(ids.Length)];
            string runtimeNamespace = runtimeNamespaces[random.Next(runtimeNamespaces.Length)];
            KubernetesIdentity? pod = random.Next(3) switch
            {
                0 => null,
                1 => new KubernetesIdentity("p", "ns", "c", "uid"),
                _ => new KubernetesIdentity("p", "other", "c", "uid"),
            };
            List<SyscallSnapshot> syscalls = [];
            HashSet<(SyscallArch, long)> numbers = [];
            for (int s = random.Next(0, 12); s > 0; s--)
            {
                SyscallArch arch = random.Next(2) == 0 ? SyscallArch.X86_64 : SyscallArch.X86;
                long nr = random.Next(4) == 0 ? 1000 + random.Next(5) : random.Next(0, 6);
                if (numbers.Add((arch, nr)))
                {
                    long total = random.Next(0, 4);
                    syscalls.Add(MetricsSamples.Syscall(arch, nr, nr >= 1000 ? null : SyscallTable.Name(arch, nr), total, random.Next(0, (int)total + 1)));
                }
            }

            // One run per (runtime namespace, id), as MetricsCollector.NewestRuns leaves them.
            containers[(runtimeNamespace, id)] = Container(id, runtimeNamespace, syscalls) with { Kubernetes = pod };
        }

        return [.. containers.Values];
    }

    private static ContainerSnapshot Container(string id, string runtimeNamespace, IReadOnlyList<SyscallSnapshot> syscalls) =>
        MetricsSamples.Container(id, ContainerLifecycle.Running, null, null, new Dictionary<string, string>(), syscalls) with { RuntimeNamespace = runtimeNamespace };
}
