namespace SeccompRecorder.Tests;

/// <summary>
/// Traits that split the suite: <c>dotnet test --filter "Requires!=root"</c> runs every test that needs neither root
/// nor a container runtime (about 900, in a minute, as any user); CI runs them all, as root.
/// </summary>
internal static class TestTraits
{
    public const string Requires = "Requires";

    /// <summary>Root, and with it real daemons, runtimes, seccomp filters in child processes, sockets under /run.</summary>
    public const string Root = "root";
}
