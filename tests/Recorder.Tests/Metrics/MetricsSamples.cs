using SeccompRecorder.Agent;
using SeccompRecorder.Metrics;
using SeccompRecorder.Notify;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Tests.Metrics;

/// <summary>Fixed snapshots for the golden tests: hostile ids and pod names, unknown numbers to merge, zero families.</summary>
internal static class MetricsSamples
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Quote, backslash and newline in the id; the same three in the pod name.</summary>
    public const string HostileId = "evil\"id\\with\nnewline";

    public const string HostilePod = "pod\"\\\n0";

    public static MetricsSnapshot Snapshot(bool crioCompatible = true) => new(
        Containers:
        [
            Container(
                HostileId,
                ContainerLifecycle.Running,
                exitedAt: null,
                new KubernetesIdentity(HostilePod, "shop", "nginx", "uid-1"),
                new Dictionary<string, string>(),
                [
                    Syscall(SyscallArch.X86_64, 110, "getppid", count: 5, denied: 2),
                    Syscall(SyscallArch.X86_64, 1000, null, count: 3, denied: 0),
                    Syscall(SyscallArch.X86_64, 1001, null, count: 4, denied: 1),
                    Syscall(SyscallArch.X86, 64, "getppid", count: 1, denied: 0),
                ]),
            Container(
                "crio-made",
                ContainerLifecycle.Exited,
                exitedAt: T0,
                kubernetes: null,
                new Dictionary<string, string> { ["io.kubernetes.cri-o.Name"] = "k8s_app_web-0_shop_uid-2_0" },
                [
                    Syscall(SyscallArch.X86_64, 83, "mkdir", count: 2, denied: 2),
                    Syscall(SyscallArch.X86, 64, "getppid", count: 3, denied: 3),
                    Syscall(SyscallArch.X86_64, 110, "getppid", count: 4, denied: 4),
                ]),
        ],
        ContainersRunning: 1,
        ContainersExited: 3,
        ContainersStopped: 0,
        StorageErrors: 3,
        NotificationsWithdrawn: 2,
        ConnectionsAccepted: 4,
        Rejections: [.. Enum.GetValues<RejectReason>().Where(r => r != RejectReason.None).Select(r => (r, r == RejectReason.InvalidState ? 2L : 0L))],
        NotificationDuration: new HistogramSnapshot(
            LatencyHistogram.UpperBounds,
            [0, 0, 3, 10, 12, 12, 12, 12, 12, 12, 12, 12, 13],
            0.0125,
            13),
        Process: new ProcessSample(
            ResidentMemoryBytes: 52_428_800,
            VirtualMemoryBytes: 274_877_906_944,
            CpuSeconds: 1.25,
            OpenFds: 42,
            MaxFds: 1_048_576,
            StartTimeSeconds: 1_795_341_600.5),
        Version: "0.1.0",
        CrioCompatible: crioCompatible);

    public static ContainerSnapshot Container(
        string id,
        ContainerLifecycle state,
        DateTimeOffset? exitedAt,
        KubernetesIdentity? kubernetes,
        IReadOnlyDictionary<string, string> annotations,
        IReadOnlyList<SyscallSnapshot> syscalls) => new(
            id, state, T0, T0, exitedAt, 4242, "/tmp/bundle", "1.0.2-dev", annotations, string.Empty, kubernetes, string.Empty, 1,
            1, state == ContainerLifecycle.Running ? 1 : 0, syscalls.Sum(s => s.Count), syscalls.Sum(s => s.Denied),
            EffectivePolicy.FromDefaults(PolicyDefaults.Standard), null, syscalls);

    /// <summary>As log and stop count without expected denials: every denied call a violation.</summary>
    public static SyscallSnapshot Syscall(SyscallArch arch, long nr, string? name, long count, long denied) =>
        new(arch, ArchDecoder.Name(arch), nr, name, count, denied, T0, T0, Violations: denied);
}
