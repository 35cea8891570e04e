using Xunit;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>containerd 1.6.20 (ctr) over runc 1.1.5.</summary>
[Collection(RuntimesCollection.Name)]
public sealed class ContainerdRuncTests : RuntimeContractTests
{
    public ContainerdRuncTests(RuntimesEnvironment env)
        : base(env, "containerd+runc")
    {
    }
}
