using Google.Protobuf.WellKnownTypes;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Policy;
using PolicyMode = SeccompRecorder.Policy.PolicyMode;
using PolicySource = SeccompRecorder.Policy.PolicySource;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Arguments;
using SeccompRecorder.Recording.Paths;
using ApiKubernetesIdentity = SeccompRecorder.Api.V1.KubernetesIdentity;
using RecordedKubernetesIdentity = SeccompRecorder.Recording.KubernetesIdentity;

namespace SeccompRecorder.Grpc.Services;

/// <summary>Recording snapshots → API messages. Nothing here reads state: it only copies what it is given.</summary>
internal static class ProtoMapper
{
    /// <summary>
    /// The most of a REJECTED event's reason an event carries: what a runtime sent is already bounded where it is read,
    /// and this keeps every event a small message whatever a later reason says.
    /// </summary>
    public const int MaxEventDetailChars = 4096;

    public static Container ToContainer(ContainerSnapshot snapshot, bool includeSyscalls)
    {
        var container = new Container
        {
            Id = snapshot.Id,
            State = snapshot.State switch
            {
                ContainerLifecycle.Running => ContainerState.Running,
                ContainerLifecycle.Exited => ContainerState.Exited,
                _ => ContainerState.Unspecified,
            },
            FirstSeen = Timestamp.FromDateTimeOffset(snapshot.FirstSeen),
            LastSeen = Timestamp.FromDateTimeOffset(snapshot.LastSeen),
            ExitedAt = snapshot.ExitedAt is { } exitedAt ? Timestamp.FromDateTimeOffset(exitedAt) : null,
            InitPid = snapshot.InitPid,
            Bundle = snapshot.Bundle,
            OciVersion = snapshot.OciVersion,
            Metadata = snapshot.Metadata,
            Kubernetes = snapshot.Kubernetes is { } k8s ? ToKubernetesIdentity(k8s) : null,
            ListenersTotal = ToUInt32(snapshot.ListenersTotal),
            ListenersOpen = ToUInt32(snapshot.ListenersOpen),
            Notifications = ToUInt64(snapshot.Notifications),
            Violations = ToUInt64(snapshot.Violations),
            Policy = ToPolicy(snapshot.Policy, snapshot.SourceAnswers),
            TerminationReason = snapshot.Termination?.Reason ?? string.Empty,
            TerminationMessage = snapshot.Termination?.Message ?? string.Empty,
            TerminatedAt = snapshot.Termination is { } termination ? Timestamp.FromDateTimeOffset(termination.At) : null,
            Run = ToUInt32(snapshot.Run),
            RuntimeNamespace = snapshot.RuntimeNamespace,
        };
        foreach (KeyValuePair<string, string> annotation in snapshot.Annotations)
        {
            container.Annotations[annotation.Key] = annotation.Value;
        }

        if (includeSyscalls)
        {
            foreach (SyscallSnapshot syscall in snapshot.Syscalls)
            {
                container.Syscalls.Add(ToSyscall(syscall));
            }

            container.Coverage = ToCoverage(snapshot.Coverage ?? SyscallCoverage.NotRead);
        }

        return container;
    }

    // At most five tables' names: tens of KiB, well within a message.
    public static Coverage ToCoverage(SyscallCoverage coverage)
    {
        var message = new Coverage { Known = coverage.IsKnown, UnknownReason = coverage.Unknown ?? string.Empty };
        foreach (Recording.ArchCoverage arch in coverage.Archs)
        {
            message.Archs.Add(new Api.V1.ArchCoverage
            {
                Arch = arch.Arch,
                Notified = { arch.Notified },
                AllowedSilently = { arch.AllowedSilently },
                Denied = { arch.Denied },
            });
        }

        return message;
    }

    public static Api.V1.Policy ToPolicy(EffectivePolicy policy, bool sourceAnswers = false) => new()
    {
        Mode = policy.Mode switch
        {
            PolicyMode.Record => Api.V1.PolicyMode.Record,
            PolicyMode.Log => Api.V1.PolicyMode.Log,
            PolicyMode.Stop => Api.V1.PolicyMode.Stop,
            PolicyMode.Audit => Api.V1.PolicyMode.Audit,
            _ => Api.V1.PolicyMode.Unspecified,
        },
        ModeSource = ToSource(policy.ModeSource),
        Errno = policy.Errno,
        ErrnoName = ErrnoNames.Name(policy.Errno),
        ErrnoSource = ToSource(policy.ErrnoSource),
        Grace = Duration.FromTimeSpan(policy.Grace),
        GraceSource = ToSource(policy.GraceSource),
        SourceAnswers = sourceAnswers,
    };

    public static Syscall ToSyscall(SyscallSnapshot snapshot)
    {
        var syscall = new Syscall
        {
            // proto3 strings cannot be null: an unknown number has an empty name and its nr says which.
            Name = snapshot.Name ?? string.Empty,
            Arch = snapshot.ArchName,
            Nr = snapshot.Nr,
            Count = ToUInt64(snapshot.Count),
            Denied = ToUInt64(snapshot.Denied),
            Violations = ToUInt64(snapshot.Violations),
            Reason = snapshot.Reason ?? string.Empty,
            FirstSeen = Timestamp.FromDateTimeOffset(snapshot.FirstSeen),
            LastSeen = Timestamp.FromDateTimeOffset(snapshot.LastSeen),
        };
        foreach (ArgumentSnapshot argument in snapshot.Arguments ?? [])
        {
            syscall.Arguments.Add(ToArgumentValues(argument));
        }

        if (snapshot.Paths is { } paths)
        {
            syscall.Paths.AddRange(paths.Paths.Select(ToSyscallPath));
            syscall.PathsOther = ToUInt64(paths.Other);
            syscall.PathsUnread = ToUInt64(paths.Unread);
        }

        return syscall;
    }

    private static SyscallPath ToSyscallPath(PathCount path) =>
        new() { Path = path.Text, Truncated = path.Truncated, Count = ToUInt64(path.Count) };

    private static ArgumentValues ToArgumentValues(ArgumentSnapshot argument)
    {
        var values = new ArgumentValues { Name = argument.Name, Other = ToUInt64(argument.Other) };
        foreach (ArgumentValueCount value in argument.Values)
        {
            values.Values.Add(new ArgumentValue
            {
                Value = value.Value,
                Text = ArgumentText.Format(argument.Format, value.Value),
                Count = ToUInt64(value.Count),
            });
        }

        return values;
    }

    public static Event ToEvent(RecorderEvent recorderEvent) => new()
    {
        Kind = recorderEvent.Kind switch
        {
            RecorderEventKind.ContainerAttached => Event.Types.Kind.ContainerAttached,
            RecorderEventKind.ExecAttached => Event.Types.Kind.ExecAttached,
            RecorderEventKind.ContainerExited => Event.Types.Kind.ContainerExited,
            RecorderEventKind.SyscallFirstSeen => Event.Types.Kind.SyscallFirstSeen,
            RecorderEventKind.Violation => Event.Types.Kind.Violation,
            RecorderEventKind.StopScheduled => Event.Types.Kind.StopScheduled,
            RecorderEventKind.Stopped => Event.Types.Kind.Stopped,
            RecorderEventKind.Rejected => Event.Types.Kind.Rejected,
            RecorderEventKind.PathSeen => Event.Types.Kind.PathSeen,
            _ => Event.Types.Kind.Unspecified,
        },
        Time = Timestamp.FromDateTimeOffset(recorderEvent.Time),
        ContainerId = recorderEvent.ContainerId,
        Pid = recorderEvent.Pid,
        Syscall = recorderEvent.Syscall is { } syscall ? ToSyscall(syscall) : null,
        Run = ToUInt32(recorderEvent.Run),
        Detail = EchoedText.Bound(recorderEvent.Detail ?? string.Empty, MaxEventDetailChars),
        Path = recorderEvent.Path is { } path ? ToSyscallPath(path) : null,
    };

    private static Api.V1.PolicySource ToSource(PolicySource source) => source switch
    {
        PolicySource.Default => Api.V1.PolicySource.Default,
        PolicySource.Metadata => Api.V1.PolicySource.Metadata,
        PolicySource.Annotation => Api.V1.PolicySource.Annotation,
        _ => Api.V1.PolicySource.Unspecified,
    };

    public static Status ToStatus(DaemonStatus status) => new()
    {
        Version = status.Version,
        StartedAt = Timestamp.FromDateTimeOffset(status.StartedAt),
        ContainersRunning = ToUInt32(status.ContainersRunning),
        ContainersTotal = ToUInt32(status.ContainersTotal),
        ListenersOpen = ToUInt32(status.ListenersOpen),
        Notifications = ToUInt64(status.Notifications),
        SyncWakeUp = status.SyncWakeUp,
        AllocatedBytes = ToUInt64(status.AllocatedBytes),
        ConnectionsAccepted = ToUInt64(status.ConnectionsAccepted),
        ConnectionsRejected = ToUInt64(status.ConnectionsRejected),
        ContainersStopped = ToUInt64(status.ContainersStopped),
        ExpectedDenials = { status.ExpectedDenials },
    };

    private static ApiKubernetesIdentity ToKubernetesIdentity(RecordedKubernetesIdentity identity) => new()
    {
        PodName = identity.PodName,
        PodNamespace = identity.PodNamespace,
        ContainerName = identity.ContainerName,
        PodUid = identity.PodUid,
    };

    // Counters are never negative; clamp rather than let a bug upstream wrap to 2^64-1 on the wire.
    private static uint ToUInt32(int value) => (uint)Math.Max(0, value);

    private static ulong ToUInt64(long value) => (ulong)Math.Max(0, value);
}
