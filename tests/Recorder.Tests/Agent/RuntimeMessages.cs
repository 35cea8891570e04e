namespace SeccompRecorder.Tests.Agent;

/// <summary>
/// What each runtime sends on the listener socket, byte for byte as received (December 2026, this machine: Debian 12,
/// kernel 6.18; runc 1.1.5, crun 1.8.1, containerd 1.6.20, Podman 4.3.1). Captured with
/// tests/helpers/capture-listener.py (it logs each connection's bytes and answers the notify fd with CONTINUE) as the
/// listenerPath of a profile with listenerMetadata "policy=record;team=fixtures", geteuid notified, and one
/// annotation: a container running `sleep 30`, then one exec of `/sysloop geteuid 1` into it, per runtime (the commands
/// are in deploy/runtimes.md). Pids and paths are what they were then. Every runtime wrote its message in one
/// sendmsg with the fd, then closed the connection once its process exited or detached.
/// Each message is the file <c>Captured/&lt;Name&gt;.json</c>, exactly the bytes received. Seeds for the parser's tests and
/// fuzzing: <see cref="All"/>.
/// </summary>
internal static class RuntimeMessages
{
    /// <summary>Every captured message (Captured/README.md describes each) with its length in bytes as captured.</summary>
    public static IReadOnlyList<RuntimeMessage> All { get; } =
    [
        Read("Runc115Init", 255),
        Read("Runc115Exec", 254),
        Read("Crun181Init", 379),
        Read("Crun181Exec", 360),
        Read("Crun181InitBare", 255),
        Read("ContainerdRuncInit", 315),
        Read("ContainerdRuncExec", 314),
        Read("ContainerdCrunInit", 441),
        Read("ContainerdCrunExec", 364),
        Read("PodmanRuncInit", 799),
        Read("PodmanRuncExec", 798),
        Read("PodmanCrunInit", 1051),
        Read("PodmanCrunExec", 938),
    ];

    /// <summary>Every message's bytes: the seeds of the parser and listener fuzz tests.</summary>
    public static IReadOnlyList<byte[]> Seeds { get; } = [.. All.Select(m => System.Text.Encoding.UTF8.GetBytes(m.Json))];

    // A file whose length is not the captured one was edited (or its line ends converted): fail loudly, not parse it.
    private static RuntimeMessage Read(string name, int capturedBytes)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "Recorder.Tests", "Agent", "Captured", name + ".json"));
        return bytes.Length == capturedBytes
            ? new RuntimeMessage(name, System.Text.Encoding.UTF8.GetString(bytes), capturedBytes)
            : throw new InvalidOperationException($"Captured/{name}.json is {bytes.Length} bytes, captured {capturedBytes}: restore it.");
    }

    /// <summary>The message captured as <c>Captured/&lt;name&gt;.json</c>.</summary>
    public static string Json(string name) => All.Single(m => m.Name == name).Json;
}
