using System.Globalization;

namespace SeccompRecorder.Cli.Output;

/// <summary>The output of <c>status</c>, as a "key: value" block or one JSON object. Uptime is counted to <c>now</c>.</summary>
internal static class StatusText
{
    public static string Render(StatusView s, DateTimeOffset now) =>
        KeyValueText.Render(
        [
            ("version", s.Version),
            ("started at", s.StartedAt is { } started ? TimeFormat.Rfc3339Seconds(started) : "-"),
            ("uptime", s.StartedAt is { } since ? TimeFormat.Duration(now - since) : "-"),
            ("containers", Invariant($"{s.ContainersRunning} running, {s.ContainersTotal} total")),
            ("containers stopped", Invariant($"{s.ContainersStopped}")),
            ("listeners open", Invariant($"{s.ListenersOpen}")),
            ("notifications", Invariant($"{s.Notifications}")),
            // SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, kernel 6.6+: without it each answer costs a cross-CPU wake-up.
            ("sync wake-up", s.SyncWakeUp ? "yes" : "no"),
            ("connections", Invariant($"{s.ConnectionsAccepted} accepted, {s.ConnectionsRejected} rejected")),
            .. ExpectedDenials(s),
            // EPERM: the daemon lacks CAP_SYS_PTRACE over those containers (deploy/systemd/README.md).
            ("paths", Invariant($"{(s.CapturePaths ? "every path-taking call (--capture-paths)" : "denied calls and violations")}; {s.PathReads} read, {s.PathReadsDenied} refused (EPERM)")),
        ]);

    // Issue 16: only from a daemon that has a list (an older one sends none).
    private static (string, string)[] ExpectedDenials(StatusView s) =>
        s.ExpectedDenials is { Count: > 0 } names ? [("expected denials", string.Join(", ", names))] : [];

    public static string RenderJson(StatusView s, DateTimeOffset now) =>
        JsonText.Write(indented: true, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("version", s.Version);
            JsonText.WriteTime(writer, "startedAt", s.StartedAt);
            if (s.StartedAt is { } since)
            {
                writer.WriteNumber("uptimeSeconds", Math.Max(0, (long)(now - since).TotalSeconds));
            }
            else
            {
                writer.WriteNull("uptimeSeconds");
            }

            writer.WriteNumber("containersRunning", s.ContainersRunning);
            writer.WriteNumber("containersTotal", s.ContainersTotal);
            writer.WriteNumber("containersStopped", s.ContainersStopped);
            writer.WriteNumber("listenersOpen", s.ListenersOpen);
            writer.WriteNumber("notifications", s.Notifications);
            writer.WriteBoolean("syncWakeUp", s.SyncWakeUp);
            writer.WriteNumber("allocatedBytes", s.AllocatedBytes);
            writer.WriteNumber("connectionsAccepted", s.ConnectionsAccepted);
            writer.WriteNumber("connectionsRejected", s.ConnectionsRejected);
            writer.WriteStartArray("expectedDenials");
            foreach (string name in s.ExpectedDenials ?? [])
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
            writer.WriteBoolean("capturePaths", s.CapturePaths);
            writer.WriteNumber("pathReads", s.PathReads);
            writer.WriteNumber("pathReadsDenied", s.PathReadsDenied);
            writer.WriteEndObject();
        });

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
