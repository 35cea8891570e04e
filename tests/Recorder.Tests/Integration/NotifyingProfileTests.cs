using System.Text.Json.Nodes;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// Issue #16 with real runc: a container under the notifying form of runtime-default (printed by the CLI) starts,
/// its workload runs, and what runtime-default denies is recorded by the daemon, with the source's answers in the
/// stored listenerMetadata.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class NotifyingProfileTests
{
    private readonly RuncEnvironment _env;

    public NotifyingProfileTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task RuntimeDefaultNotifying_Record_TrueRunsAndDeniedCallsAreRecorded()
    {
        const string id = "it-notify-rd";
        ProcessResult notify = await ProcessRunner.RunAsync(
            RepoPaths.RecorderExecutable,
            ["profile", "notify", "runtime-default", "--listener", _env.Daemon.ListenerPath, "--metadata", "policy=record"],
            TestTimeouts.Default, CancellationToken.None);
        Assert.True(notify.Succeeded, notify.ToString());
        JsonObject seccomp = JsonNode.Parse(notify.StandardOutput)!.AsObject();

        RuncBundle bundle = await _env.NewBundleAsync(id);
        // swapoff: denied by runtime-default's default action, so notified; under record it continues.
        bundle.Configure(["/bin/sh", "-c", "true && /sysloop swapoff 1"], seccomp);
        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
        Container container = await _env.WaitForExitAsync(id);

        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains("sysloop syscall=swapoff count=1", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(container.Syscalls, s => s.Name == "swapoff");
        // Allowed by runtime-default: never reaches the daemon.
        Assert.DoesNotContain(container.Syscalls, s => s.Name is "read" or "execve" or "mkdirat");
        Assert.StartsWith("policy=record\nreasons=runtime-default\nrules=v1 *:e1 ", container.Metadata, StringComparison.Ordinal);
        Assert.Equal(PolicyMode.Record, container.Policy.Mode);
    }
}
