using System.Security.Cryptography;
using System.Text;
using SeccompRecorder.Notify;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.MetricsBench;

/// <summary>
/// The daemon's registry holding N running containers of K syscalls each, every syscall with allowed and denied calls
/// (both values of the action label): 2 x N x K series of seccomp_recorder_syscalls_total. Labels are the size they
/// are in a Kubernetes node's containerd: 64-hex ids, a Deployment's pod names, the k8s.io namespace.
/// </summary>
internal static class SyntheticRecording
{
    public static ContainerRegistry Build(RecorderClock clock, EventHub events, DaemonCounters counters, int containers, int syscalls)
    {
        ContainerRegistry registry = new(clock, events, counters);
        ContainerPolicy policy = new(EffectivePolicy.FromDefaults(PolicyDefaults.Standard));
        long ticks = clock.Now();
        for (int i = 0; i < containers; i++)
        {
            string id = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes($"container-{i}")));
            KubernetesIdentity pod = new($"web-{i % 100}-7d9f8b6c5-{i:x5}", $"team-{i % 20}", "app", $"uid-{i}");
            ContainerIdentity identity = new(id, 100_000 + i, $"/run/containerd/io.containerd.runtime.v2.task/k8s.io/{id}", "1.0.2", new Dictionary<string, string>(), string.Empty, pod, "k8s.io");
            ContainerRecording container = registry.Attach(identity, _ => policy, 100_000 + i, isExec: false, initPidFd: null);
            for (int nr = 0; nr < syscalls; nr++)
            {
                // Counts of a few digits to a few million, as a day's recording has them.
                long denied = 1 + ((i + nr) % 13);
                long count = denied + 1 + (((long)i * 7919 + nr * 104729) % 5_000_000);
                if (!container.Counters.Seed(ArchDecoder.AUDIT_ARCH_X86_64, nr, count, denied, ticks, ticks, violations: denied))
                {
                    throw new InvalidOperationException($"container {i}: syscall {nr} was not counted");
                }
            }
        }

        return registry;
    }

    /// <summary>A histogram as ten million notifications make it, so its lines have their real width.</summary>
    public static HistogramSnapshot Latency()
    {
        HistogramSnapshot.Builder builder = new();
        for (int i = 0; i < builder.Buckets.Length; i++)
        {
            builder.Buckets[i] = 10_000_000 >> (1 + Math.Abs(i - 3));
        }

        builder.SumSeconds = 123.456789;
        return builder.Build();
    }
}
