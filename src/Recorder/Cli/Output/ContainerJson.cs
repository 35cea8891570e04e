using System.Text.Json;
using SeccompRecorder.Policy;

namespace SeccompRecorder.Cli.Output;

/// <summary>
/// The JSON output of <c>ls</c> (an array) and <c>show</c> (one object, with its syscalls). Field names are the
/// proto's in camelCase (termination_* grouped as one "termination" object); every field is always present, unset
/// ones as null, so scripts can rely on the shape.
/// </summary>
internal static class ContainerJson
{
    public static string RenderList(IEnumerable<ContainerView> containers) =>
        JsonText.Write(indented: true, writer =>
        {
            writer.WriteStartArray();
            foreach (ContainerView container in containers)
            {
                WriteContainer(writer, container, includeSyscalls: false);
            }

            writer.WriteEndArray();
        });

    public static string RenderDetails(ContainerView container) =>
        JsonText.Write(indented: true, writer => WriteContainer(writer, container, includeSyscalls: true));

    private static void WriteContainer(Utf8JsonWriter writer, ContainerView c, bool includeSyscalls)
    {
        writer.WriteStartObject();
        writer.WriteString("id", c.Id);
        writer.WriteNumber("run", c.Run);
        writer.WriteString("runtimeNamespace", c.RuntimeNamespace);
        writer.WriteString("state", c.State);
        writer.WriteNumber("initPid", c.InitPid);
        writer.WriteString("bundle", c.Bundle);
        writer.WriteString("ociVersion", c.OciVersion);
        writer.WriteString("metadata", c.Metadata);
        if (c.Pod is { } pod)
        {
            writer.WriteStartObject("kubernetes");
            writer.WriteString("podName", pod.Name);
            writer.WriteString("podNamespace", pod.Namespace);
            writer.WriteString("containerName", pod.Container);
            writer.WriteString("podUid", pod.Uid);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("kubernetes");
        }

        WritePolicy(writer, c.Policy);
        JsonText.WriteTime(writer, "firstSeen", c.FirstSeen);
        JsonText.WriteTime(writer, "lastSeen", c.LastSeen);
        JsonText.WriteTime(writer, "exitedAt", c.ExitedAt);
        if (c.Termination is { } termination)
        {
            writer.WriteStartObject("termination");
            writer.WriteString("reason", termination.Reason);
            writer.WriteString("message", termination.Message);
            JsonText.WriteTime(writer, "at", termination.At);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("termination");
        }

        writer.WriteNumber("listenersOpen", c.ListenersOpen);
        writer.WriteNumber("listenersTotal", c.ListenersTotal);
        writer.WriteNumber("notifications", c.Notifications);
        writer.WriteNumber("violations", c.Violations);
        writer.WriteStartObject("annotations");
        foreach (KeyValuePair<string, string> annotation in c.Annotations)
        {
            writer.WriteString(annotation.Key, annotation.Value);
        }

        writer.WriteEndObject();
        if (includeSyscalls)
        {
            writer.WriteStartArray("syscalls");
            foreach (SyscallView syscall in c.Syscalls)
            {
                WriteSyscall(writer, syscall);
            }

            writer.WriteEndArray();
            WriteCoverage(writer, c.Coverage);
            WriteExecutables(writer, c.Executables, c.ExecutablesTruncated);
        }

        writer.WriteEndObject();
    }

    /// <summary>"executables": busiest first, each with its syscalls; [] from a daemon that sends none.</summary>
    private static void WriteExecutables(Utf8JsonWriter writer, IReadOnlyList<ExecutableView>? executables, bool truncated)
    {
        writer.WriteStartArray("executables");
        foreach (ExecutableView executable in executables ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("path", executable.Path);
            writer.WriteNumber("count", executable.Count);
            writer.WriteNumber("denied", executable.Denied);
            writer.WriteStartArray("syscalls");
            foreach (ExecutableSyscallView syscall in executable.Syscalls)
            {
                writer.WriteStartObject();
                writer.WriteString("name", syscall.Name);
                writer.WriteString("arch", syscall.Arch);
                writer.WriteNumber("nr", syscall.Nr);
                writer.WriteNumber("count", syscall.Count);
                writer.WriteNumber("denied", syscall.Denied);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteBoolean("executablesTruncated", truncated);
    }

    /// <summary>"coverage": null (not sent), {"known": false, "unknownReason": ...}, or known with every name per arch.</summary>
    private static void WriteCoverage(Utf8JsonWriter writer, CoverageView? coverage)
    {
        if (coverage is null)
        {
            writer.WriteNull("coverage");
            return;
        }

        writer.WriteStartObject("coverage");
        writer.WriteBoolean("known", coverage.UnknownReason is null);
        writer.WriteString("unknownReason", coverage.UnknownReason);
        writer.WriteStartArray("archs");
        foreach (ArchCoverageView arch in coverage.Archs)
        {
            writer.WriteStartObject();
            writer.WriteString("arch", arch.Arch);
            writer.WriteNumber("seen", arch.Seen);
            WriteNames(writer, "notified", arch.Notified);
            WriteNames(writer, "allowedSilently", arch.AllowedSilently);
            WriteNames(writer, "denied", arch.Denied);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteNames(Utf8JsonWriter writer, string property, IReadOnlyList<string> names)
    {
        writer.WriteStartArray(property);
        foreach (string name in names)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
    }

    /// <summary>Every setting, also those the mode does not use (the table leaves them out); grace as the daemon parses it: "5s".</summary>
    private static void WritePolicy(Utf8JsonWriter writer, PolicyView? policy)
    {
        if (policy is null)
        {
            writer.WriteNull("policy");
            return;
        }

        writer.WriteStartObject("policy");
        writer.WriteString("mode", policy.Mode);
        writer.WriteString("modeSource", policy.ModeSource);
        writer.WriteNumber("errno", policy.Errno);
        writer.WriteString("errnoName", policy.ErrnoName);
        writer.WriteString("errnoSource", policy.ErrnoSource);
        writer.WriteString("grace", policy.Grace is { } grace ? DurationText.Format(grace) : null);
        writer.WriteString("graceSource", policy.GraceSource);
        writer.WriteBoolean("sourceAnswers", policy.SourceAnswers);
        writer.WriteEndObject();
    }

    private static void WriteSyscall(Utf8JsonWriter writer, SyscallView syscall)
    {
        writer.WriteStartObject();
        writer.WriteString("name", syscall.Name);
        writer.WriteString("arch", syscall.Arch);
        writer.WriteNumber("nr", syscall.Nr);
        writer.WriteNumber("count", syscall.Count);
        writer.WriteNumber("denied", syscall.Denied);
        writer.WriteNumber("violations", syscall.Violations);
        writer.WriteString("reason", syscall.Reason);
        JsonText.WriteTime(writer, "firstSeen", syscall.FirstSeen);
        JsonText.WriteTime(writer, "lastSeen", syscall.LastSeen);
        writer.WriteStartArray("arguments");
        foreach (ArgumentView argument in syscall.Arguments ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("name", argument.Name);
            writer.WriteStartArray("values");
            foreach (ArgumentValueView value in argument.Values)
            {
                writer.WriteStartObject();
                writer.WriteString("text", value.Text);
                writer.WriteNumber("value", value.Value);
                writer.WriteNumber("count", value.Count);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("other", argument.Other);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        // Only for a syscall whose paths were read (README "Paths of violations"): most syscalls take none.
        if (syscall.Paths is { } paths)
        {
            writer.WriteStartArray("paths");
            foreach (PathView path in paths.Paths)
            {
                writer.WriteStartObject();
                writer.WriteString("path", path.Path);
                writer.WriteBoolean("truncated", path.Truncated);
                writer.WriteNumber("count", path.Count);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("pathsOther", paths.Other);
            writer.WriteNumber("pathsUnread", paths.Unread);
        }

        writer.WriteEndObject();
    }
}
