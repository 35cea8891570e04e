using Xunit;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>Podman 4.3.1 over runc 1.1.5.</summary>
[Collection(RuntimesCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class PodmanRuncTests : RuntimeContractTests
{
    public PodmanRuncTests(RuntimesEnvironment env)
        : base(env, "podman+runc")
    {
    }
}
