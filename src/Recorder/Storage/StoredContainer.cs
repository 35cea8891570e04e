using SeccompRecorder.Policy;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Storage;

/// <summary>One container as the database holds it.</summary>
internal sealed record StoredContainer(
    ContainerIdentity Identity,
    EffectivePolicy Policy,
    RestoredState State,
    IReadOnlyList<StoredSyscall> Syscalls);
