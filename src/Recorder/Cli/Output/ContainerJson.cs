using System.Text.Json;

namespace SeccompRecorder.Cli.Output;

/// <summary>
/// The JSON output of <c>ls</c> (an array) and <c>show</c> (one object, with its syscalls). Field names are the
/// proto's in camelCase; every field is always present, unset ones as null, so scripts can rely on the shape.
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

        JsonText.WriteTime(writer, "firstSeen", c.FirstSeen);
        JsonText.WriteTime(writer, "lastSeen", c.LastSeen);
        JsonText.WriteTime(writer, "exitedAt", c.ExitedAt);
        writer.WriteNumber("listenersOpen", c.ListenersOpen);
        writer.WriteNumber("listenersTotal", c.ListenersTotal);
        writer.WriteNumber("notifications", c.Notifications);
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
        }

        writer.WriteEndObject();
    }

    private static void WriteSyscall(Utf8JsonWriter writer, SyscallView syscall)
    {
        writer.WriteStartObject();
        writer.WriteString("name", syscall.Name);
        writer.WriteString("arch", syscall.Arch);
        writer.WriteNumber("nr", syscall.Nr);
        writer.WriteNumber("count", syscall.Count);
        JsonText.WriteTime(writer, "firstSeen", syscall.FirstSeen);
        JsonText.WriteTime(writer, "lastSeen", syscall.LastSeen);
        writer.WriteEndObject();
    }
}
