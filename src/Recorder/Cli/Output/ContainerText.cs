using System.Globalization;
using System.Text;

namespace SeccompRecorder.Cli.Output;

/// <summary>The table output of <c>ls</c> and <c>show</c>. Pure: views and "now" in, text out.</summary>
internal static class ContainerText
{
    private static readonly string[] s_listHeaders =
        ["ID", "STATE", "PID", "LISTENERS", "NOTIFICATIONS", "FIRST SEEN", "LAST SEEN", "POD"];

    private static readonly string[] s_syscallHeaders = ["SYSCALL", "ARCH", "NR", "COUNT", "FIRST SEEN", "LAST SEEN"];

    public static string RenderList(IEnumerable<ContainerView> containers, DateTimeOffset now) =>
        TextTable.Render(s_listHeaders, containers.Select(c => (IReadOnlyList<string>)
        [
            c.Id,
            c.State,
            Number(c.InitPid),
            Listeners(c),
            Number(c.Notifications),
            TimeFormat.Ago(c.FirstSeen, now),
            TimeFormat.Ago(c.LastSeen, now),
            Pod(c.Pod),
        ]));

    /// <summary>A "key: value" block about the container, a blank line, then its syscalls as a table.</summary>
    public static string RenderDetails(ContainerView c, DateTimeOffset now)
    {
        List<(string Key, string Value)> fields =
        [
            ("id", c.Id),
            ("state", c.State),
            ("init pid", Number(c.InitPid)),
            ("bundle", OrDash(c.Bundle)),
            ("oci version", OrDash(c.OciVersion)),
            ("metadata", OrDash(c.Metadata)),
            ("pod", Pod(c.Pod)),
            ("pod uid", OrDash(c.Pod?.Uid ?? string.Empty)),
            ("first seen", Absolute(c.FirstSeen, now)),
            ("last seen", Absolute(c.LastSeen, now)),
            ("exited at", Absolute(c.ExitedAt, now)),
            ("listeners", string.Create(CultureInfo.InvariantCulture, $"{c.ListenersOpen} open, {c.ListenersTotal} total")),
            ("notifications", Number(c.Notifications)),
            ("annotations", c.Annotations.Count == 0 ? "-" : string.Empty),
        ];

        var builder = new StringBuilder();
        builder.Append(KeyValueText.Render(fields));
        foreach (KeyValuePair<string, string> annotation in c.Annotations)
        {
            builder.Append("  ").Append(TextEscaper.Escape(annotation.Key)).Append('=').Append(TextEscaper.Escape(annotation.Value)).Append('\n');
        }

        builder.Append('\n');
        builder.Append(TextTable.Render(s_syscallHeaders, c.Syscalls.Select(s => (IReadOnlyList<string>)
        [
            s.Name ?? "?",
            s.Arch,
            Number(s.Nr),
            Number(s.Count),
            TimeFormat.Ago(s.FirstSeen, now),
            TimeFormat.Ago(s.LastSeen, now),
        ])));
        return builder.ToString();
    }

    private static string Pod(PodView? pod) => pod is null ? "-" : $"{pod.Namespace}/{pod.Name}/{pod.Container}";

    private static string Listeners(ContainerView c) => string.Create(CultureInfo.InvariantCulture, $"{c.ListenersOpen}/{c.ListenersTotal}");

    private static string Absolute(DateTimeOffset? time, DateTimeOffset now) =>
        time is { } t ? $"{TimeFormat.Rfc3339Seconds(t)} ({TimeFormat.Ago(t, now)})" : "-";

    private static string OrDash(string value) => value.Length > 0 ? value : "-";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
