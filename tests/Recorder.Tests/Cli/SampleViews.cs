using SeccompRecorder.Cli.Output;

namespace SeccompRecorder.Tests.Cli;

/// <summary>
/// Fixed inputs for the renderers' golden tests: a log-policy pod container, a plain exited one, a stop-policy one
/// the daemon killed, and a hostile one.
/// </summary>
internal static class SampleViews
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    /// <summary>"Now" for every golden text: 90 s after <see cref="T0"/>.</summary>
    public static readonly DateTimeOffset Now = T0.AddSeconds(90);

    public static readonly SyscallView Getpid = new("getpid", "x86_64", 39, 7, 7, T0.AddSeconds(1), T0.AddSeconds(85), Violations: 7);

    public static readonly SyscallView Unnamed = new(null, "x86", 999, 1, 1, T0.AddSeconds(2), T0.AddSeconds(2), Violations: 1);

    public static readonly SyscallView Read = new("read", "x86_64", 0, 120, 120, T0, T0.AddSeconds(89.5), Violations: 120);

    /// <summary>socket with recorded domains (one beyond the kept values) and types; a daemon's text with a newline.</summary>
    public static readonly SyscallView Socket = new(
        "socket", "x86_64", 41, 6, 0, T0, T0.AddSeconds(80),
        [
            new ArgumentView("domain", [new("AF_INET", 2, 3), new("AF_ALG", 38, 1)], 2),
            new ArgumentView("type", [new("SOCK_STREAM", 1, 5), new("x\ny", 77, 1)], 0),
        ]);

    public static readonly ContainerView WithArguments = new(
        "c5", "exited", 4545, "/tmp/bundle/c5", "1.0.2", string.Empty, null, Defaults,
        T0, T0.AddSeconds(80), T0.AddSeconds(80), null, 0, 1, 6, 0, [], [Socket]);

    /// <summary>Two programs and their own calls, one path with a newline; the daemon had more than it sent.</summary>
    public static readonly ContainerView WithExecutables = new(
        "c6", "exited", 4646, "/tmp/bundle/c6", "1.0.2", string.Empty, null, Defaults,
        T0, T0.AddSeconds(80), T0.AddSeconds(80), null, 0, 1, 10, 1, [], [Getpid],
        Executables:
        [
            new ExecutableView("/bin/one", 7, 1, [new("getpid", "x86_64", 39, 6, 1), new(null, "x86", 999, 1, 0)]),
            new ExecutableView("/bin/t\nwo", 3, 0, [new("uname", "x86_64", 63, 3, 0)]),
        ],
        ExecutablesTruncated: true);

    public static readonly PolicyView LogFromMetadata =
        new("log", "metadata", 38, "ENOSYS", "default", TimeSpan.FromSeconds(5), "default");

    public static readonly PolicyView Defaults = new("record", "default", 38, "ENOSYS", "default", TimeSpan.FromSeconds(5), "default");

    public static readonly PolicyView StopFromAnnotation =
        new("stop", "annotation", 38, "ENOSYS", "default", TimeSpan.FromSeconds(5), "metadata");

    public static readonly ContainerView Pod = new(
        "c1", "running", 4242, "/tmp/bundle/c1", "1.0.2-dev", "policy=log",
        new PodView("default", "web-0", "nginx", "uid-1"), LogFromMetadata,
        T0, T0.AddSeconds(89.5), null, null, 1, 2, 128, 128,
        [new("io.kubernetes.pod.name", "web-0"), new("io.kubernetes.pod.namespace", "default")],
        [Read, Getpid, Unnamed]);

    public static readonly ContainerView Exited = new(
        "c2", "exited", 4343, "/tmp/bundle/c2", "1.0.2", string.Empty, null, Defaults,
        T0.AddDays(-3), T0.AddHours(-5), T0.AddHours(-5), null, 0, 1, 0, 0, [], []);

    /// <summary>Killed by the daemon 5 s after its last violation, with CRI-O's reason and message.</summary>
    public static readonly ContainerView Stopped = new(
        "c4", "exited", 4444, "/tmp/bundle/c4", "1.0.2", "grace=5s",
        new PodView("prod", "api-7", "app", "uid-4"), StopFromAnnotation,
        T0, T0.AddSeconds(55), T0.AddSeconds(60),
        new TerminationView("seccomp killed", "Used forbidden syscalls: chroot (2x), swapoff (2x)", T0.AddSeconds(60)),
        0, 1, 4, 4,
        [new("seccomp-notifier-action.crio.io", "stop")],
        [
            new SyscallView("chroot", "x86_64", 161, 2, 2, T0.AddSeconds(50), T0.AddSeconds(55), Violations: 2),
            new SyscallView("swapoff", "x86_64", 168, 2, 2, T0.AddSeconds(51), T0.AddSeconds(54), Violations: 2),
        ]);

    /// <summary>
    /// Someone else's strings: a newline that would forge a row, quotes, an escape sequence, a bidi override; and no
    /// policy, as an older daemon would send.
    /// </summary>
    public static readonly ContainerView Hostile = new(
        "evil\nc3   running", "running", 1, "/b\\u", "1.0.2", "line1\r\nline2", null, null,
        T0, T0, null,
        new TerminationView("seccomp\tkilled", "Used forbidden syscalls: x\n\u001b[2Jy (1x)\u202E", null),
        1, 1, 1, 1,
        [new("a\"quote", "say \"hi\"\n\u001b[2Jgone"), new("rtl", "abc\u202Edef\u2028"), new("tab", "x\ty")],
        []);
}
