using System.Globalization;
using System.Text;

namespace SeccompRecorder.Cli.Output;

/// <summary>
/// One <c>watch</c> event as a line: "TIME   KIND       CONTAINER   DETAILS" for people, or one JSON object
/// (NDJSON) for scripts. A stream has no table to align, so the time and kind have fixed widths instead.
/// </summary>
internal static class EventText
{
    private const string Gap = "   ";
    private const int KindWidth = 14; // "stop-scheduled", the longest kind

    public static string RenderLine(EventView e)
    {
        var builder = new StringBuilder();
        builder.Append(e.Time is { } time ? TimeFormat.Rfc3339Millis(time) : "-".PadRight(24))
            .Append(Gap)
            .Append(e.Kind.PadRight(KindWidth))
            .Append(Gap)
            .Append(TextEscaper.Escape(e.ContainerId));
        string details = Details(e);
        if (details.Length > 0)
        {
            builder.Append(Gap).Append(e.Path is null ? TextEscaper.Escape(details) : TextEscaper.EscapeEscaped(details));
        }

        return builder.Append('\n').ToString();
    }

    public static string RenderJson(EventView e) =>
        JsonText.Write(indented: false, writer =>
        {
            writer.WriteStartObject();
            JsonText.WriteTime(writer, "time", e.Time);
            writer.WriteString("kind", e.Kind);
            writer.WriteString("containerId", e.ContainerId);
            writer.WriteNumber("run", e.Run);
            if (e.Pid is { } pid)
            {
                writer.WriteNumber("pid", pid);
            }
            else
            {
                writer.WriteNull("pid");
            }

            if (e.Syscall is { } syscall)
            {
                writer.WriteStartObject("syscall");
                writer.WriteString("name", syscall.Name);
                writer.WriteString("arch", syscall.Arch);
                writer.WriteNumber("nr", syscall.Nr);
                if (syscall.Reason is { } reason)
                {
                    writer.WriteString("reason", reason);
                }

                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("syscall");
            }

            if (e.Detail.Length > 0)
            {
                writer.WriteString("detail", e.Detail);
            }

            if (e.Path is { } path)
            {
                writer.WriteStartObject("path");
                writer.WriteString("path", path.Path);
                writer.WriteBoolean("truncated", path.Truncated);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });

    /// <summary>"pid 4242" for an attach, "x86_64 getppid (110)" for a syscall or a violation, and its path for "path".</summary>
    private static string Details(EventView e)
    {
        if (e.Kind == "rejected")
        {
            return e.Pid is { } connecting ? string.Create(CultureInfo.InvariantCulture, $"pid {connecting}: {e.Detail}") : e.Detail;
        }

        if (e.Syscall is { } s)
        {
            string call = string.Create(CultureInfo.InvariantCulture, $"{s.Arch} {s.Name ?? "?"} ({s.Nr})");
            string text = e.Path is { } path ? call + " " + path.Path + (path.Truncated ? "... (truncated)" : string.Empty) : call;
            return s.Reason is { } reason ? $"{text}: {TextEscaper.Escape(reason)}" : text;
        }

        return e.Pid is { } pid ? string.Create(CultureInfo.InvariantCulture, $"pid {pid}") : string.Empty;
    }
}
