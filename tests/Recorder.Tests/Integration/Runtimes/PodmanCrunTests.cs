using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using Xunit;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>Podman 4.3.1 over crun 1.8.1 through tests/helpers/crun-wrapper (--runtime takes its path).</summary>
[Collection(RuntimesCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class PodmanCrunTests : RuntimeContractTests
{
    public PodmanCrunTests(RuntimesEnvironment env)
        : base(env, "podman+crun")
    {
    }

    /// <summary>
    /// podman init runs crun create, podman start runs crun start: with no-new-privileges crun's connection is idle in
    /// between (CrunTests.CreateThenStartSevenSecondsLater_RunsAndIsRecorded), here for as long as the user waits.
    /// </summary>
    [Fact]
    public async Task InitThenStartSevenSecondsLater_RunsAndIsRecorded()
    {
        PodmanRuntime podman = (PodmanRuntime)Runtime;
        string name = NameFor("slow-start");
        try
        {
            string id = await podman.CreateAsync(name, ["/sysloop", "geteuid", "5"], Profile("policy=record", "geteuid"), ["--security-opt", "no-new-privileges"]);
            ProcessResult init = await podman.PodmanAsync(["init", name]);
            Assert.True(init.Succeeded, $"podman init: {init}");
            await Task.Delay(TimeSpan.FromSeconds(7));

            ProcessResult start = await podman.PodmanAsync(["start", "--attach", name]);

            Assert.True(
                start.Succeeded && start.StandardOutput.Contains("ok=5 errors=0", StringComparison.Ordinal),
                $"podman start: {start}\n(\"send listener fd ... Unknown error 141\": the daemon closed the connection before crun sent the fd)\ndaemon log:\n{Env.Daemon.Output}");
            Container container = await Env.Daemon.WaitForContainerExitAsync(id);
            Assert.Equal(5UL, container.Notifications);
        }
        finally
        {
            await Runtime.RemoveAsync(name);
        }
    }
}
