using Xunit;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>containerd 1.6.20 (ctr --runc-binary) over crun 1.8.1 through tests/helpers/crun-wrapper.</summary>
[Collection(RuntimesCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class ContainerdCrunTests : RuntimeContractTests
{
    public ContainerdCrunTests(RuntimesEnvironment env)
        : base(env, "containerd+crun")
    {
    }
}
