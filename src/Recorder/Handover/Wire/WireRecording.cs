using System.Text.Json.Serialization;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Arguments;
using SeccompRecorder.Storage;

namespace SeccompRecorder.Handover.Wire;

/// <summary>
/// One container's recording as one daemon version hands it to the next (the hand-over document and the fd store's
/// meta entries). Its own types, not the store's: renaming a storage or recording property must not change what a
/// successor reads. Each JSON name is written out (<see cref="JsonPropertyNameAttribute"/>), so renaming a C# property
/// cannot rename a field; the previous release's golden documents (tests/Recorder.Tests/Handover/Golden) pin them. A
/// field is only ever added, optional, with the default an older writer means.
/// </summary>
internal sealed record WireRecording(
    [property: JsonPropertyName("Identity")] WireIdentity Identity,
    [property: JsonPropertyName("Policy")] WirePolicy Policy,
    [property: JsonPropertyName("State")] WireState State,
    [property: JsonPropertyName("Syscalls")] IReadOnlyList<WireSyscall> Syscalls,
    [property: JsonPropertyName("Executables")] IReadOnlyList<WireExecutableCall>? Executables = null)
{
    public static WireRecording From(StoredContainer stored) => new(
        WireIdentity.From(stored.Identity),
        WirePolicy.From(stored.Policy),
        WireState.From(stored.State),
        [.. stored.Syscalls.Select(WireSyscall.From)],
        stored.Executables is { } executables ? [.. executables.Select(WireExecutableCall.From)] : null);

    public StoredContainer ToStored() => new(
        Identity.ToIdentity(),
        Policy.ToPolicy(),
        State.ToState(),
        [.. Syscalls.Select(s => s.ToStored())],
        Executables is { } executables ? [.. executables.Select(e => e.ToStored())] : null);
}

/// <summary>
/// One (executable, arch, nr) count, as storage's executable_syscalls row. Came with executables (issue 14 item 1):
/// absent from an older daemon's document (no executables then), ignored by an older reader.
/// </summary>
internal sealed record WireExecutableCall(
    [property: JsonPropertyName("Executable")] string Executable,
    [property: JsonPropertyName("AuditArch")] uint AuditArch,
    [property: JsonPropertyName("Arch")] string Arch,
    [property: JsonPropertyName("Nr")] long Nr,
    [property: JsonPropertyName("Count")] long Count,
    [property: JsonPropertyName("Denied")] long Denied)
{
    public static WireExecutableCall From(StoredExecutableCall c) => new(c.Executable, c.AuditArch, c.Arch, c.Nr, c.Count, c.Denied);

    public StoredExecutableCall ToStored() => new(Executable ?? string.Empty, AuditArch, Arch ?? string.Empty, Nr, Count, Denied);
}

/// <summary>
/// A container's identity. <see cref="RuntimeNamespace"/> and <see cref="Run"/> came with runs: a document from before
/// has neither, and its one recording of an id is run 1 outside any namespace. <see cref="Coverage"/> came with issue 15:
/// absent from older documents (not read).
/// </summary>
internal sealed record WireIdentity(
    [property: JsonPropertyName("Id")] string Id,
    [property: JsonPropertyName("InitPid")] int InitPid,
    [property: JsonPropertyName("Bundle")] string Bundle,
    [property: JsonPropertyName("OciVersion")] string OciVersion,
    [property: JsonPropertyName("Annotations")] IReadOnlyDictionary<string, string> Annotations,
    [property: JsonPropertyName("Metadata")] string Metadata,
    [property: JsonPropertyName("Kubernetes")] WireKubernetes? Kubernetes,
    [property: JsonPropertyName("RuntimeNamespace")] string? RuntimeNamespace = null,
    [property: JsonPropertyName("Run")] int Run = 0,
    [property: JsonPropertyName("Coverage")] SyscallCoverage? Coverage = null)
{
    [JsonIgnore]
    public RunKey Key => new(RuntimeNamespace ?? string.Empty, Id, Math.Max(Run, 1));

    public static WireIdentity From(ContainerIdentity identity) => new(
        identity.Id,
        identity.InitPid,
        identity.Bundle,
        identity.OciVersion,
        identity.Annotations,
        identity.Metadata,
        identity.Kubernetes is { } k ? new WireKubernetes(k.PodName, k.PodNamespace, k.ContainerName, k.PodUid) : null,
        identity.RuntimeNamespace,
        identity.Run,
        identity.Coverage);

    public ContainerIdentity ToIdentity() => new(
        Id,
        InitPid,
        Bundle,
        OciVersion,
        Annotations ?? new Dictionary<string, string>(),
        Metadata ?? string.Empty,
        Kubernetes is { } k ? new KubernetesIdentity(k.PodName, k.PodNamespace, k.ContainerName, k.PodUid) : null,
        Key.RuntimeNamespace,
        Key.Run,
        Coverage);
}

internal sealed record WireKubernetes(
    [property: JsonPropertyName("PodName")] string PodName,
    [property: JsonPropertyName("PodNamespace")] string PodNamespace,
    [property: JsonPropertyName("ContainerName")] string ContainerName,
    [property: JsonPropertyName("PodUid")] string PodUid);

/// <summary>The effective policy: modes and sources as their numbers (<see cref="PolicyMode"/>, <see cref="PolicySource"/>).</summary>
internal sealed record WirePolicy(
    [property: JsonPropertyName("Mode")] int Mode,
    [property: JsonPropertyName("ModeSource")] int ModeSource,
    [property: JsonPropertyName("Errno")] int Errno,
    [property: JsonPropertyName("ErrnoSource")] int ErrnoSource,
    [property: JsonPropertyName("Grace")] TimeSpan Grace,
    [property: JsonPropertyName("GraceSource")] int GraceSource)
{
    public static WirePolicy From(EffectivePolicy p) =>
        new((int)p.Mode, (int)p.ModeSource, p.Errno, (int)p.ErrnoSource, p.Grace, (int)p.GraceSource);

    public EffectivePolicy ToPolicy() =>
        new((PolicyMode)Mode, (PolicySource)ModeSource, Errno, (PolicySource)ErrnoSource, Grace, (PolicySource)GraceSource);
}

/// <summary>Counts and times; <see cref="LastViolation"/> keeps a pending stop-policy kill's deadline.</summary>
internal sealed record WireState(
    [property: JsonPropertyName("FirstSeen")] DateTimeOffset FirstSeen,
    [property: JsonPropertyName("LastSeen")] DateTimeOffset LastSeen,
    [property: JsonPropertyName("ExitedAt")] DateTimeOffset? ExitedAt,
    [property: JsonPropertyName("Notifications")] long Notifications,
    [property: JsonPropertyName("Violations")] long Violations,
    [property: JsonPropertyName("ListenersTotal")] int ListenersTotal,
    [property: JsonPropertyName("Termination")] WireTermination? Termination,
    [property: JsonPropertyName("LastViolation")] DateTimeOffset? LastViolation = null)
{
    public static WireState From(RestoredState s) => new(
        s.FirstSeen, s.LastSeen, s.ExitedAt, s.Notifications, s.Violations, s.ListenersTotal,
        s.Termination is { } t ? new WireTermination(t.Reason, t.Message, t.At) : null,
        s.LastViolation);

    public RestoredState ToState() => new(
        FirstSeen, LastSeen, ExitedAt, Notifications, Violations, ListenersTotal,
        Termination is { } t ? new ContainerTermination(t.Reason, t.Message, t.At) : null,
        LastViolation);
}

internal sealed record WireTermination(
    [property: JsonPropertyName("Reason")] string Reason,
    [property: JsonPropertyName("Message")] string Message,
    [property: JsonPropertyName("At")] DateTimeOffset At);

/// <summary>
/// One (arch, nr) row: <see cref="Nr"/> is the number in the arch's table (x32's bit cleared). <see cref="Arguments"/>
/// came with argument values (issue 14), <see cref="Violations"/> with issue 16: absent from an older daemon's
/// document, ignored by an older reader; so did <see cref="Paths"/>, the store's paths column as it is
/// (Storage/PathsJson).
/// </summary>
internal sealed record WireSyscall(
    [property: JsonPropertyName("AuditArch")] uint AuditArch,
    [property: JsonPropertyName("Arch")] string Arch,
    [property: JsonPropertyName("Nr")] long Nr,
    [property: JsonPropertyName("Count")] long Count,
    [property: JsonPropertyName("Denied")] long Denied,
    [property: JsonPropertyName("FirstSeen")] DateTimeOffset FirstSeen,
    [property: JsonPropertyName("LastSeen")] DateTimeOffset LastSeen,
    [property: JsonPropertyName("Arguments")] IReadOnlyList<WireArgument>? Arguments = null,
    [property: JsonPropertyName("Violations")] long? Violations = null,
    [property: JsonPropertyName("Paths")] string? Paths = null)
{
    public static WireSyscall From(StoredSyscall s) => new(
        s.AuditArch, s.Arch, s.Nr, s.Count, s.Denied, s.FirstSeen, s.LastSeen,
        s.Arguments is { } arguments ? [.. arguments.Select(WireArgument.From)] : null, s.Violations,
        s.Paths is { } paths ? PathsJson.Write(paths) : null);

    // An older daemon's document has no Violations: its denied calls were its violations.
    public StoredSyscall ToStored() => new(
        AuditArch, Arch, Nr, Count, Denied, Violations ?? Denied, FirstSeen, LastSeen,
        Arguments is { } arguments ? [.. arguments.Select(a => a.ToStored())] : null,
        Paths is { } paths ? PathsJson.Read(paths) : null);
}

/// <summary>One argument's values: each value as its 64 bits and the calls that passed it; calls past the kept ones.</summary>
internal sealed record WireArgument(
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("Values")] IReadOnlyList<WireArgumentValue>? Values,
    [property: JsonPropertyName("Other")] long Other = 0)
{
    public static WireArgument From(StoredArgument a) => new(a.Name, [.. a.Values.Select(v => new WireArgumentValue(v.Value, v.Count))], a.Other);

    public StoredArgument ToStored() => new(Name ?? string.Empty, [.. (Values ?? []).Select(v => new ArgumentValueCount(v.Value, v.Count))], Other);
}

internal sealed record WireArgumentValue(
    [property: JsonPropertyName("Value")] ulong Value,
    [property: JsonPropertyName("Count")] long Count);
