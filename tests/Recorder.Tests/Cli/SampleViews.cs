using SeccompRecorder.Cli.Output;

namespace SeccompRecorder.Tests.Cli;

/// <summary>Fixed inputs for the renderers' golden tests: a pod container, a plain exited one, and a hostile one.</summary>
internal static class SampleViews
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    /// <summary>"Now" for every golden text: 90 s after <see cref="T0"/>.</summary>
    public static readonly DateTimeOffset Now = T0.AddSeconds(90);

    public static readonly SyscallView Getpid = new("getpid", "x86_64", 39, 7, T0.AddSeconds(1), T0.AddSeconds(85));

    public static readonly SyscallView Unnamed = new(null, "x86", 999, 1, T0.AddSeconds(2), T0.AddSeconds(2));

    public static readonly SyscallView Read = new("read", "x86_64", 0, 120, T0, T0.AddSeconds(89.5));

    public static readonly ContainerView Pod = new(
        "c1", "running", 4242, "/tmp/bundle/c1", "1.0.2-dev", "policy=log",
        new PodView("default", "web-0", "nginx", "uid-1"),
        T0, T0.AddSeconds(89.5), null, 1, 2, 128,
        [new("io.kubernetes.pod.name", "web-0"), new("io.kubernetes.pod.namespace", "default")],
        [Read, Getpid, Unnamed]);

    public static readonly ContainerView Exited = new(
        "c2", "exited", 4343, "/tmp/bundle/c2", "1.0.2", string.Empty, null,
        T0.AddDays(-3), T0.AddHours(-5), T0.AddHours(-5), 0, 1, 0, [], []);

    /// <summary>Someone else's annotations: a newline that would forge a row, quotes, an escape sequence, a bidi override.</summary>
    public static readonly ContainerView Hostile = new(
        "evil\nc3   running", "running", 1, "/b\\u", "1.0.2", "line1\r\nline2", null,
        T0, T0, null, 1, 1, 1,
        [new("a\"quote", "say \"hi\"\n\u001b[2Jgone"), new("rtl", "abc\u202Edef\u2028"), new("tab", "x\ty")],
        []);
}
