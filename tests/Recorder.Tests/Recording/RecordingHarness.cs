using SeccompRecorder.Native;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;
using SeccompRecorder.Tests.Native;
using Xunit;

namespace SeccompRecorder.Tests.Recording;

/// <summary>A registry over a started EventHub and a manual clock, as the daemon wires them; stops the hub on dispose.</summary>
internal sealed class RecordingHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private RecordingHarness()
    {
        Time = new ManualTimeProvider(timestamp: 1_000_000, Origin);
        Clock = new RecorderClock(Time);
        Hub = new EventHub(Clock);
        Registry = new ContainerRegistry(Clock, Hub, new DaemonCounters(Clock));
    }

    public ManualTimeProvider Time { get; }

    public RecorderClock Clock { get; }

    public EventHub Hub { get; }

    public ContainerRegistry Registry { get; }

    public static async Task<RecordingHarness> StartAsync()
    {
        RecordingHarness harness = new();
        await harness.Hub.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        return harness;
    }

    /// <summary>How log and stop answer without a source profile: a denied call is a violation.</summary>
    public static Verdict Answer(bool denied) => denied ? Verdict.Deny((int)Errno.ENOSYS) : Verdict.Continue;

    /// <summary>The record policy with the standard defaults: every call allowed.</summary>
    public static ContainerPolicy RecordPolicy { get; } = new(EffectivePolicy.FromDefaults(PolicyDefaults.Standard));

    public static ContainerIdentity Identity(string id, int initPid = 3954) => new(
        id,
        initPid,
        "/tmp/feas/bundle",
        "1.0.2-dev",
        new Dictionary<string, string> { ["io.kubernetes.pod.name"] = "p" },
        "policy=log",
        new KubernetesIdentity("p", "ns", "c", "uid"));

    public static SeccompNotification Notification(uint auditArch, int nr, uint pid = 3954, ulong id = 1) =>
        new(new Interop.seccomp_notif { id = id, pid = pid, data = new Interop.seccomp_data { nr = nr, arch = auditArch } });

    public static SeccompNotification X86_64(int nr) => Notification(ArchDecoder.AUDIT_ARCH_X86_64, nr);

    /// <summary>
    /// A denied x86_64 path-taking call whose path was read, as a notify thread records it: the path (null: unread),
    /// then the count (NotifyWorker.Answer).
    /// </summary>
    public void RecordDeniedPathCall(ContainerRecording container, int nr, string? path)
    {
        Assert.True(SeccompRecorder.Recording.Paths.PathTable.TryGetPathArgument(SyscallArch.X86_64, nr, out int row, out _));
        SeccompRecorder.Recording.Paths.PathSet paths = container.Paths.For(SyscallArch.X86_64, row);
        if (path is null)
        {
            paths.AddUnread();
        }
        else
        {
            paths.Add(System.Text.Encoding.UTF8.GetBytes(path), truncated: false);
        }

        container.RecordCall(X86_64(nr), Clock.Now(), Answer(denied: true));
    }

    /// <summary>A call with register arguments (seccomp_data.args), the rest zero.</summary>
    public static SeccompNotification WithArgs(uint auditArch, int nr, params ulong[] args)
    {
        Interop.seccomp_data data = new() { nr = nr, arch = auditArch };
        for (int i = 0; i < args.Length; i++)
        {
            data.args[i] = args[i];
        }

        return new(new Interop.seccomp_notif { id = 1, pid = 3954, data = data });
    }

    public async ValueTask DisposeAsync()
    {
        using CancellationTokenSource deadline = new(TestTimeouts.Default);
        await Hub.StopAsync(deadline.Token).WaitAsync(TestTimeouts.Default);
        Hub.Dispose();
    }
}
