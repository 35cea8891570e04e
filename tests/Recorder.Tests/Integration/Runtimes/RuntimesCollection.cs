using Xunit;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>
/// Containers under crun, containerd and Podman against one daemon, one test at a time (as the runc collection, and
/// never beside it: both disable parallelization, so xunit runs them one after the other).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class RuntimesCollection : ICollectionFixture<RuntimesEnvironment>
{
    public const string Name = "runtimes";
}
