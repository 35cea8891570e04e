using SeccompRecorder.Handover.Wire;
using SeccompRecorder.Recording;
using SeccompRecorder.Storage;

namespace SeccompRecorder.Handover;

/// <summary>
/// A live recording as a hand-over carries it: its wire form, made through the store's shape (so
/// <see cref="RecordingRestorer"/> puts it back), plus the last violation, which the store does not keep and a pending
/// stop-policy kill needs.
/// </summary>
internal static class HandoverRecording
{
    public static WireRecording ToWire(ContainerRecording container, RecorderClock clock)
    {
        ContainerSnapshot snapshot = container.Snapshot(includeSyscalls: true);
        List<StoredSyscall> syscalls = new(snapshot.Syscalls.Count);
        foreach (SyscallSnapshot s in snapshot.Syscalls)
        {
            syscalls.Add(new StoredSyscall(
                RecordingStore.AuditArchOf(s), s.ArchName, s.Nr, s.Count, s.Denied, s.Violations, s.FirstSeen, s.LastSeen,
                s.Arguments is { } arguments ? [.. arguments.Select(StoredArgument.From)] : null,
                s.Paths));
        }

        long lastViolation = container.LastViolationTicks;
        RestoredState state = new(
            snapshot.FirstSeen,
            snapshot.LastSeen,
            snapshot.ExitedAt,
            snapshot.Notifications,
            snapshot.Violations,
            snapshot.ListenersTotal,
            snapshot.Termination,
            lastViolation == 0 ? null : clock.ToWallClock(lastViolation));
        List<StoredExecutableCall> executables = [.. (snapshot.Executables ?? []).SelectMany(e => e.Syscalls.Select(s => new StoredExecutableCall(
            e.Path, RecordingStore.AuditArchOf(s.Arch, s.ArchName), s.ArchName, s.Nr, s.Count, s.Denied)))];
        return WireRecording.From(new StoredContainer(container.Identity, container.Policy.Effective, state, syscalls, executables));
    }
}
