using SeccompRecorder.Handover.Wire;

namespace SeccompRecorder.Handover;

/// <summary>
/// What a daemon hands its successor besides the fds themselves, as JSON in a sealed memfd named
/// <see cref="HandoverNames.State"/>: every container it recorded, which fd (by name) serves which container, and the
/// runtime connections that had not sent a byte yet (absent in a document from a daemon before runs and waiting
/// connections: every field added since is optional, so a successor still reads its predecessor's document).
/// </summary>
internal sealed record HandoverDocument(
    int Version,
    string ListenerPath,
    IReadOnlyList<HandoverContainer> Containers,
    IReadOnlyList<HandoverNotifyFd> Listeners,
    IReadOnlyList<string>? Connections = null)
{
    /// <summary>Bumped on any change a predecessor's reader would misread; a successor refuses versions it does not know.</summary>
    public const int CurrentVersion = 1;
}

/// <summary>One container: its recording as the store keeps it, and the name of its init pidfd when it runs.</summary>
internal sealed record HandoverContainer(WireRecording Recording, string? InitPidFd);

/// <summary>
/// One notify fd by name, the run of the container it belongs to and the process that handed it over. A predecessor
/// without runs names none (0): its one recording of the id is run 1.
/// </summary>
internal sealed record HandoverNotifyFd(string Fd, string ContainerId, int Pid, string RuntimeNamespace = "", int Run = 0)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Recording.RunKey Key => new(RuntimeNamespace ?? string.Empty, ContainerId, Math.Max(Run, 1));
}

/// <summary>
/// What the fd store keeps next to one live notify fd (<see cref="FdStoreJournal"/>): its name, the process that handed
/// it over, its container as it was when the fd arrived (for a container the database has not seen yet), and the
/// memfd and slot where its worker keeps a received notification until it is answered.
/// </summary>
internal sealed record FdStoreNotifyFd(string Fd, int Pid, WireRecording Container, string? InFlight = null, int Slot = -1);
