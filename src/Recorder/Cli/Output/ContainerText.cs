using System.Globalization;
using System.Text;
using SeccompRecorder.Policy;

namespace SeccompRecorder.Cli.Output;

/// <summary>The table output of <c>ls</c> and <c>show</c>. Pure: views and "now" in, text out.</summary>
internal static class ContainerText
{
    private static readonly string[] s_listHeaders =
        ["ID", "RUN", "STATE", "POLICY", "PID", "LISTENERS", "NOTIFICATIONS", "VIOLATIONS", "FIRST SEEN", "LAST SEEN", "POD"];

    private static readonly string[] s_syscallHeaders = ["SYSCALL", "ARCH", "NR", "COUNT", "DENIED", "VIOLATIONS", "FIRST SEEN", "LAST SEEN"];

    private static readonly string[] s_reasonHeaders = ["SYSCALL", "ARCH", "WHY THE SOURCE PROFILE DENIES IT"];

    private static readonly string[] s_argumentHeaders = ["SYSCALL", "ARCH", "ARGUMENT", "VALUE", "COUNT"];
    private static readonly string[] s_pathHeaders = ["SYSCALL", "ARCH", "PATH", "COUNT"];

    private static readonly string[] s_executableHeaders = ["EXECUTABLE", "SYSCALL", "ARCH", "COUNT", "DENIED"];

    /// <summary>Ids longer than this are cut in the table unless asked not to: one 64-character id (Podman, CRI)
    /// would widen every row. Podman's ps cuts at 12; a hex id's first 12 characters are a prefix the API takes.</summary>
    public const int ShortIdLength = 12;

    public static string RenderList(IEnumerable<ContainerView> containers, DateTimeOffset now, bool truncate = true) =>
        TextTable.Render(s_listHeaders, containers.Select(c => (IReadOnlyList<string>)
        [
            truncate ? ShortId(c.Id) : c.Id,
            Number(c.Run),
            c.State,
            c.Policy?.Mode ?? "-",
            Number(c.InitPid),
            Listeners(c),
            Number(c.Notifications),
            Number(c.Violations),
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
            ("run", Number(c.Run)),
            ("runtime namespace", OrDash(c.RuntimeNamespace)),
            ("state", c.State),
            ("init pid", Number(c.InitPid)),
            ("bundle", OrDash(c.Bundle)),
            ("oci version", OrDash(c.OciVersion)),
            ("metadata", OrDash(c.Metadata)),
            ("pod", Pod(c.Pod)),
            ("pod uid", OrDash(c.Pod?.Uid ?? string.Empty)),
            ("policy", Policy(c.Policy)),
            ("first seen", Absolute(c.FirstSeen, now)),
            ("last seen", Absolute(c.LastSeen, now)),
            ("exited at", Absolute(c.ExitedAt, now)),
            ("terminated", Terminated(c.Termination, now)),
            ("termination message", OrDash(c.Termination?.Message ?? string.Empty)),
            ("listeners", string.Create(CultureInfo.InvariantCulture, $"{c.ListenersOpen} open, {c.ListenersTotal} total")),
            ("notifications", Number(c.Notifications)),
            ("violations", Number(c.Violations)),
            .. Coverage(c.Coverage),
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
            Number(s.Denied),
            Number(s.Violations),
            TimeFormat.Ago(s.FirstSeen, now),
            TimeFormat.Ago(s.LastSeen, now),
        ])));
        AppendReasons(builder, c.Syscalls);
        AppendArguments(builder, c.Syscalls);
        AppendPaths(builder, c.Syscalls);
        AppendExecutables(builder, c.Executables, c.ExecutablesTruncated);
        return builder.ToString();
    }

    /// <summary>A table of the violations' reasons (issue 16), only when the daemon knows the source profile's.</summary>
    private static void AppendReasons(StringBuilder builder, IReadOnlyList<SyscallView> syscalls)
    {
        List<IReadOnlyList<string>> rows = [.. syscalls.Where(s => s.Reason is not null).Select(s => (IReadOnlyList<string>)[s.Name ?? "?", s.Arch, TextEscaper.Escape(s.Reason!)])];
        if (rows.Count > 0)
        {
            builder.Append('\n').Append(TextTable.Render(s_reasonHeaders, rows));
        }
    }

    /// <summary>
    /// A table of which program made which calls, when the daemon sent executables: one row per (executable, syscall),
    /// the busiest executable first; a last line says when the daemon had more than it sent.
    /// </summary>
    private static void AppendExecutables(StringBuilder builder, IReadOnlyList<ExecutableView>? executables, bool truncated)
    {
        if (executables is null)
        {
            return;
        }

        List<IReadOnlyList<string>> rows = [];
        foreach (ExecutableView executable in executables)
        {
            foreach (ExecutableSyscallView s in executable.Syscalls)
            {
                rows.Add([executable.Path, s.Name ?? "?", s.Arch, Number(s.Count), Number(s.Denied)]);
            }
        }

        builder.Append('\n').Append(TextTable.Render(s_executableHeaders, rows));
        if (truncated)
        {
            builder.Append("(more executables than shown: --executables N, up to 66)\n");
        }
    }

    /// <summary>
    /// A second table, only when some syscall has recorded argument values: one row per value, in the syscalls' order,
    /// and an "(other)" row for the calls whose value was not kept.
    /// </summary>
    private static void AppendArguments(StringBuilder builder, IReadOnlyList<SyscallView> syscalls)
    {
        List<IReadOnlyList<string>> rows = [];
        foreach (SyscallView s in syscalls)
        {
            foreach (ArgumentView argument in s.Arguments ?? [])
            {
                foreach (ArgumentValueView value in argument.Values)
                {
                    rows.Add([s.Name ?? "?", s.Arch, argument.Name, value.Text, Number(value.Count)]);
                }

                if (argument.Other > 0)
                {
                    rows.Add([s.Name ?? "?", s.Arch, argument.Name, "(other)", Number(argument.Other)]);
                }
            }
        }

        if (rows.Count > 0)
        {
            builder.Append('\n').Append(TextTable.Render(s_argumentHeaders, rows));
        }
    }

    /// <summary>
    /// A table of paths, only when some syscall has them: one row per path (a cut one ends "... (truncated)"), then
    /// "(other)" for calls whose path was not kept and "(unread)" for calls whose path could not be read.
    /// </summary>
    private static void AppendPaths(StringBuilder builder, IReadOnlyList<SyscallView> syscalls)
    {
        List<IReadOnlyList<string>> rows = [];
        foreach (SyscallView s in syscalls)
        {
            if (s.Paths is not { } paths)
            {
                continue;
            }

            foreach (PathView path in paths.Paths)
            {
                rows.Add([s.Name ?? "?", s.Arch, path.Truncated ? path.Path + "... (truncated)" : path.Path, Number(path.Count)]);
            }

            if (paths.Other > 0)
            {
                rows.Add([s.Name ?? "?", s.Arch, "(other)", Number(paths.Other)]);
            }

            if (paths.Unread > 0)
            {
                rows.Add([s.Name ?? "?", s.Arch, "(unread)", Number(paths.Unread)]);
            }
        }

        if (rows.Count > 0)
        {
            builder.Append('\n').Append(TextTable.Render(s_pathHeaders, rows, TextEscaper.EscapeEscaped));
        }
    }

    /// "coverage": whether the container's profile is known; then one "coverage ARCH" line each, "36 notified (12 seen),
    /// 2 allowed silently (getpid, write), 0 denied by the filter", naming the silent and denied calls when few.
    /// </summary>
    private static IEnumerable<(string Key, string Value)> Coverage(CoverageView? coverage)
    {
        if (coverage is null)
        {
            yield return ("coverage", "-");
            yield break;
        }

        if (coverage.UnknownReason is { } why)
        {
            yield return ("coverage", $"only notified syscalls are known ({TextEscaper.Escape(why)})");
            yield break;
        }

        yield return ("coverage", "known (the bundle's profile)");
        foreach (ArchCoverageView arch in coverage.Archs)
        {
            yield return ($"coverage {arch.Arch}", string.Create(CultureInfo.InvariantCulture,
                $"{arch.Notified.Count} notified ({arch.Seen} seen), {arch.AllowedSilently.Count} allowed silently{Names(arch.AllowedSilently)}, {arch.Denied.Count} denied by the filter{Names(arch.Denied)}"));
        }
    }

    // Up to this many names are listed: more would not fit a line, and --output json has them all.
    private static string Names(IReadOnlyList<string> names) =>
        names.Count is > 0 and <= 8 ? $" ({string.Join(", ", names.Select(TextEscaper.Escape))})" : string.Empty;

    /// <summary>
    /// "stop (from annotation), errno ENOSYS (default), grace 5s (from metadata)". Only the settings the mode uses:
    /// record and audit answer nothing with an errno, and only stop has a grace; with the source profile's answers
    /// (<c>rules=</c>) its errnos replace the policy's; --output json has them all.
    /// </summary>
    private static string Policy(PolicyView? policy)
    {
        if (policy is null)
        {
            return "-";
        }

        var text = new StringBuilder(policy.Mode).Append(Source(policy.ModeSource));
        if (policy.SourceAnswers)
        {
            text.Append(", errnos of the source profile");
        }
        else if (policy.Mode is not ("record" or "audit"))
        {
            text.Append(", errno ").Append(policy.ErrnoName ?? Number(policy.Errno)).Append(Source(policy.ErrnoSource));
        }

        if (policy.Mode is not ("record" or "log" or "audit"))
        {
            text.Append(", grace ").Append(policy.Grace is { } grace ? DurationText.Format(grace) : "-").Append(Source(policy.GraceSource));
        }

        return text.ToString();
    }

    private static string Source(string source) => source switch
    {
        "default" => " (default)",
        "unknown" => string.Empty,
        _ => $" (from {source})",
    };

    /// <summary>"seccomp killed at 2026-11-22T10:01:00Z (30s ago)"; "-" for a container the daemon did not kill.</summary>
    private static string Terminated(TerminationView? termination, DateTimeOffset now)
    {
        if (termination is null)
        {
            return "-";
        }

        string reason = OrDash(termination.Reason);
        return termination.At is { } at ? $"{reason} at {Absolute(at, now)}" : reason;
    }

    private static string Pod(PodView? pod) => pod is null ? "-" : $"{pod.Namespace}/{pod.Name}/{pod.Container}";

    private static string Listeners(ContainerView c) => string.Create(CultureInfo.InvariantCulture, $"{c.ListenersOpen}/{c.ListenersTotal}");

    private static string Absolute(DateTimeOffset? time, DateTimeOffset now) =>
        time is { } t ? $"{TimeFormat.Rfc3339Seconds(t)} ({TimeFormat.Ago(t, now)})" : "-";

    /// <summary>A 64-character hex id (Podman, CRI) as its first 12; any other id over 40 characters cut with "...".</summary>
    public static string ShortId(string id)
    {
        if (id.Length == 64 && id.All(char.IsAsciiHexDigitLower))
        {
            return id[..ShortIdLength];
        }

        return id.Length <= 40 ? id : id[..37] + "...";
    }

    private static string OrDash(string value) => value.Length > 0 ? value : "-";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
