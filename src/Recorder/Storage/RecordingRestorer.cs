using SeccompRecorder.Policy;
using SeccompRecorder.Recording;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Storage;

/// <summary>Turns stored rows back into an exited <see cref="ContainerRecording"/>, its wall-clock times into clock ticks.</summary>
internal static class RecordingRestorer
{
    /// <summary>
    /// The policy is made again from the stored one and listenerMetadata by <paramref name="policies"/> (the daemon's,
    /// with its expected denials; the built-in ones without it), so a handed-over container is answered as before.
    /// </summary>
    public static ContainerRecording Restore(
        StoredContainer stored, RecorderClock clock, EventHub events, Action<StoredSyscall>? dropped = null, ContainerPolicyFactory? policies = null)
    {
        ContainerPolicy policy = (policies ?? ContainerPolicyFactory.Standard).Create(stored.Policy, stored.Identity.Metadata, problems: []);
        ContainerRecording container = new(stored.Identity, policy, clock, events, stored.State);
        foreach (StoredSyscall syscall in stored.Syscalls)
        {
            long nr = KernelNr(syscall.Arch, syscall.Nr);
            if (!container.Counters.Seed(
                syscall.AuditArch, (int)nr, syscall.Count, syscall.Denied,
                clock.FromWallClock(syscall.FirstSeen), clock.FromWallClock(syscall.LastSeen), syscall.Violations))
            {
                dropped?.Invoke(syscall);
                continue;
            }

            SyscallArch arch = ArchDecoder.Decode(syscall.AuditArch, (int)nr, out int tableNr);
            foreach (StoredArgument argument in syscall.Arguments ?? [])
            {
                // An argument this build does not record (a newer daemon's) is left out: there is nowhere to keep it.
                container.Arguments.Seed(arch, tableNr, argument.Name, argument.Values, argument.Other);
            }

            if (syscall.Paths is { } paths)
            {
                // Likewise a syscall this build reads no path of.
                container.Paths.Seed(arch, tableNr, paths);
            }
        }

        foreach (StoredExecutableCall call in stored.Executables ?? [])
        {
            // Beyond the overflow table of that executable (a number no table knows): counted in the container, not here.
            container.Executables.Seed(call.Executable, call.AuditArch, (int)KernelNr(call.Arch, call.Nr), call.Count, call.Denied);
        }

        return container;
    }

    /// <summary>Rows hold the table's number; counters are keyed as the kernel reports calls (x32 with its bit set).</summary>
    public static long KernelNr(string arch, long nr) =>
        string.Equals(arch, ArchDecoder.Name(SyscallArch.X32), StringComparison.Ordinal) ? nr | ArchDecoder.X32_SYSCALL_BIT : nr;
}
