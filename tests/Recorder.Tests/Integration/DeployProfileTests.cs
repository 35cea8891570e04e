using System.Text.Json.Nodes;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>The example profiles in deploy/runc, run as they are under real runc (only the listener path changed).</summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class DeployProfileTests
{
    private readonly RuncEnvironment _env;

    public DeployProfileTests(RuncEnvironment env) => _env = env;

    [Theory]
    [InlineData("record-seccomp.json", "record", "mkdir", 0)]
    [InlineData("log-seccomp.json", "log", "chroot", 1)]
    [InlineData("stop-seccomp.json", "stop", "chroot", 38)]
    public async Task Profile_UnderRunc_ContainerRunsAndListedCallsGetThePolicy(string file, string mode, string listed, int errno)
    {
        string id = "it-deploy-" + mode;
        JsonObject profile = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "deploy", "runc", file)))!.AsObject();
        profile["listenerPath"] = _env.Daemon.ListenerPath;
        RuncBundle bundle = await _env.NewBundleAsync(id);
        string call = listed == "mkdir" ? "mkdir /tmp/made" : $"/sysloop {listed} 1";
        bundle.Configure(["/bin/sh", "-c", $"{call}; /sysloop getppid 1"], profile);

        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);

        Assert.True(run.Succeeded, run.ToString());
        Container container = await _env.WaitForExitAsync(id);
        Assert.Equal(mode, container.Policy.Mode.ToString().ToLowerInvariant());
        Syscall syscall = Assert.Single(container.Syscalls, s => s.Name == listed);
        Assert.Equal(errno == 0 ? 0UL : 1UL, syscall.Denied);
        if (errno != 0)
        {
            Assert.Contains($"errors=1 last_errno={errno}", run.StandardOutput, StringComparison.Ordinal);
        }
    }
}
