using System.Runtime.InteropServices;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Metrics;

/// <summary>
/// seccomp_recorder_syscalls_total, written container by container. It has up to 2 x containers x syscalls series
/// (80,000 at 1000 x 40), which through <see cref="MetricFamily"/> (a label array per series in a dictionary, one sort
/// over all of them) and a StringBuilder made a scrape take 300-420 ms of CPU (docs/PERFORMANCE.md). The series come
/// out the same: one per label set (unknown numbers summed), ordered by label values in label order.
/// </summary>
internal static class SyscallsFamily
{
    public const string Help =
        "Notified syscalls per container and (arch, syscall), by answer: allowed (the call ran) or denied (failed with an errno, or killed). "
        + "syscall is \"unknown\" for numbers the arch's table does not name; runtime_namespace is containerd's namespace (empty for other runtimes). "
        + "A reused container id counts from zero again: its newest run is exported.";

    private static readonly string[] s_labelNames = ["container", "pod", "namespace", "syscall", "arch", "action", "runtime_namespace"];

    public static void Write(ExpositionWriter writer, IReadOnlyList<ContainerSnapshot> containers)
    {
        writer.BeginFamily(RecorderExposition.SyscallsTotal, MetricType.Counter, Help, s_labelNames);
        ContainerSnapshot[] sorted = [.. containers];
        Array.Sort(sorted, CompareContainers);
        List<Series> series = [];

        // A few hundred distinct (syscall, arch, action, runtime namespace) across all containers: each encoded once.
        Dictionary<SeriesLabels, SampleSuffix> suffixes = [];
        for (int first = 0; first < sorted.Length;)
        {
            // Containers whose first three labels are equal (one id in two runtime namespaces) interleave: the label
            // that tells them apart, runtime_namespace, is the last one.
            int end = first + 1;
            while (end < sorted.Length && CompareLeadingLabels(sorted[first], sorted[end]) == 0)
            {
                end++;
            }

            series.Clear();
            for (int i = first; i < end; i++)
            {
                AddSeries(series, sorted[i]);
            }

            CollectionsMarshal.AsSpan(series).Sort(default(SeriesOrder));
            ContainerSnapshot container = sorted[first];
            SamplePrefix prefix = writer.Prefix(container.Id, container.Kubernetes?.PodName ?? string.Empty, container.Kubernetes?.PodNamespace ?? string.Empty);
            for (int i = 0; i < series.Count; i++)
            {
                SeriesLabels labels = series[i].Labels;
                long value = series[i].Value;
                while (i + 1 < series.Count && series[i + 1].Labels == labels)
                {
                    value += series[++i].Value;
                }

                if (!suffixes.TryGetValue(labels, out SampleSuffix suffix))
                {
                    suffix = writer.Suffix(3, labels.Syscall, labels.Arch, labels.Action, labels.RuntimeNamespace);
                    suffixes.Add(labels, suffix);
                }

                writer.WriteSample(prefix, suffix, value);
            }

            first = end;
        }
    }

    private static void AddSeries(List<Series> series, ContainerSnapshot container)
    {
        foreach (SyscallSnapshot syscall in container.Syscalls)
        {
            string name = syscall.Name ?? RecorderExposition.UnknownSyscall;
            long allowed = syscall.Count - syscall.Denied;
            if (allowed > 0)
            {
                series.Add(new Series(new SeriesLabels(name, syscall.ArchName, "allowed", container.RuntimeNamespace), allowed));
            }

            if (syscall.Denied > 0)
            {
                series.Add(new Series(new SeriesLabels(name, syscall.ArchName, "denied", container.RuntimeNamespace), syscall.Denied));
            }
        }
    }

    private static int CompareContainers(ContainerSnapshot x, ContainerSnapshot y)
    {
        int leading = CompareLeadingLabels(x, y);
        return leading != 0 ? leading : string.CompareOrdinal(x.RuntimeNamespace, y.RuntimeNamespace);
    }

    private static int CompareLeadingLabels(ContainerSnapshot x, ContainerSnapshot y)
    {
        int order = string.CompareOrdinal(x.Id, y.Id);
        if (order == 0)
        {
            order = string.CompareOrdinal(x.Kubernetes?.PodName ?? string.Empty, y.Kubernetes?.PodName ?? string.Empty);
        }

        return order != 0 ? order : string.CompareOrdinal(x.Kubernetes?.PodNamespace ?? string.Empty, y.Kubernetes?.PodNamespace ?? string.Empty);
    }


    /// <summary>One series of a container: the labels after its first three, and the count.</summary>
    private readonly record struct Series(SeriesLabels Labels, long Value);

    /// <summary>The labels of a series after the container's id, pod and namespace.</summary>
    private readonly record struct SeriesLabels(string Syscall, string Arch, string Action, string RuntimeNamespace);

    /// <summary>Ordinal by label values in label order; a struct, so the sort is compiled for it (no delegate per comparison).</summary>
    private readonly struct SeriesOrder : IComparer<Series>
    {
        public int Compare(Series x, Series y)
        {
            int order = string.CompareOrdinal(x.Labels.Syscall, y.Labels.Syscall);
            if (order == 0)
            {
                order = string.CompareOrdinal(x.Labels.Arch, y.Labels.Arch);
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(x.Labels.Action, y.Labels.Action);
            }

            return order != 0 ? order : string.CompareOrdinal(x.Labels.RuntimeNamespace, y.Labels.RuntimeNamespace);
        }
    }
}
