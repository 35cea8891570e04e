using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>Real containers share one daemon and run one test at a time: two cores, and exact counts to check.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class RuncCollection : ICollectionFixture<RuncEnvironment>
{
    public const string Name = "runc";
}
