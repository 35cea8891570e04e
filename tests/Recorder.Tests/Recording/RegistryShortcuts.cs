using System.Diagnostics.CodeAnalysis;
using SeccompRecorder.Native;
using SeccompRecorder.Policy;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Tests.Recording;

/// <summary>What the tests say often, in the registry's own terms: no test-only API on the registry itself.</summary>
internal static class RegistryShortcuts
{
    /// <summary>Attach with a policy already resolved (the daemon resolves it only for a new run).</summary>
    public static ContainerRecording Attach(
        this ContainerRegistry registry, ContainerIdentity identity, ContainerPolicy policy, int pid, bool isExec, SafeFdHandle? initPidFd) =>
        registry.Attach(identity, _ => policy, pid, isExec, initPidFd);

    /// <summary>The newest run of exactly <paramref name="id"/> (no prefix), with its syscalls.</summary>
    public static bool TryGetContainer(this ContainerRegistry registry, string id, [NotNullWhen(true)] out ContainerSnapshot? container)
    {
        ContainerLookup lookup = registry.Lookup(id, 0, includeSyscalls: true);
        container = lookup.Status == LookupStatus.Found && string.Equals(lookup.Id, id, StringComparison.Ordinal) ? lookup.Container : null;
        return container is not null;
    }
}
