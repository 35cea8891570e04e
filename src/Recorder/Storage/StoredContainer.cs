using SeccompRecorder.Policy;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Storage;

/// <summary>One container as the database holds it; <paramref name="Executables"/>: its rows of executable_syscalls, null when none.</summary>
internal sealed record StoredContainer(
    ContainerIdentity Identity,
    EffectivePolicy Policy,
    RestoredState State,
    IReadOnlyList<StoredSyscall> Syscalls,
    IReadOnlyList<StoredExecutableCall>? Executables = null);
