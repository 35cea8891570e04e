using System.Text.Json.Nodes;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using Xunit;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>crun 1.8.1 on its own, through tests/helpers/crun-wrapper.</summary>
[Collection(RuntimesCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class CrunTests : RuntimeContractTests
{
    /// <summary>Longer than the daemon's 5 s ConnectionTimeout, as a createRuntime hook or a slow caller can take.</summary>
    private static readonly TimeSpan s_betweenCreateAndStart = TimeSpan.FromSeconds(7);

    public CrunTests(RuntimesEnvironment env)
        : base(env, "crun")
    {
    }

    /// <summary>
    /// crun connects to the listener at create and sends nothing until its init loads the filter, which with
    /// noNewPrivileges (crun's default spec, Kubernetes' allowPrivilegeEscalation: false) is after start. A daemon that
    /// times the connection out before its first byte breaks the container: crun's init then fails with
    /// "send listener fd `3` to receiver: Unknown error 141" (EPIPE) and never runs the workload.
    /// </summary>
    [Fact]
    public async Task CreateThenStartSevenSecondsLater_RunsAndIsRecorded()
    {
        string name = NameFor("slow-start");
        RuncBundle bundle = await Env.Crun.NewBundleAsync(name, ["/sysloop", "geteuid", "5"], Profile("policy=record", "geteuid"));
        Assert.True((bool?)JsonNode.Parse(File.ReadAllText(bundle.ConfigPath))!["process"]!["noNewPrivileges"], "the bundle must have noNewPrivileges");
        string log = Path.Combine(bundle.Directory, "container.log");
        try
        {
            ProcessResult create = await Env.Crun.CreateAsync(bundle.Directory, name, log);
            Assert.True(create.Succeeded, $"crun create: {create}; {File.ReadAllText(log)}");
            await Task.Delay(s_betweenCreateAndStart);

            ProcessResult start = await Env.Crun.InvokeAsync("start", name);

            Assert.True(start.Succeeded, $"crun start: {start}");
            await Poll.UntilAsync(
                async _ => await Env.Crun.InvokeAsync("state", name) is { Succeeded: true } state
                    && (string?)JsonNode.Parse(state.StandardOutput)?["status"] == "running" ? null : "not running",
                () => $"crun says {name} is no longer running");
            string output = File.ReadAllText(log);
            Assert.True(
                output.Contains("ok=5 errors=0", StringComparison.Ordinal),
                $"the workload did not run: {output.Trim()}\n(\"send listener fd ... Unknown error 141\": the daemon closed the connection before crun sent the fd)\ndaemon log:\n{Env.Daemon.Output}");
            Container container = await Env.Daemon.WaitForContainerExitAsync(name);
            Assert.Equal(5UL, container.Notifications);
        }
        finally
        {
            await Runtime.RemoveAsync(name);
        }
    }
}
