using System.Globalization;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Profiles;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Tests.Grpc;
using SeccompRecorder.Tests.Integration;
using Xunit;

namespace SeccompRecorder.Tests.Metrics;

/// <summary>A runc container that calls getppid an exact number of times under a given daemon (not the shared one).</summary>
internal static class SysloopContainer
{
    private static readonly string[] s_x86_64 = ["SCMP_ARCH_X86_64"];

    /// <summary>Runs it to completion and waits until <paramref name="daemon"/> reports it exited.</summary>
    public static async Task RunAsync(
        RuncEnvironment env, DaemonProcess daemon, string id, string metadata, int calls, IReadOnlyDictionary<string, string>? annotations = null)
    {
        RuncBundle bundle = await env.NewBundleAsync(id);
        bundle.Configure(
            ["/sysloop", "getppid", calls.ToString(CultureInfo.InvariantCulture)],
            SeccompProfileJson.Notify(daemon.ListenerPath, metadata, s_x86_64, ["getppid"]),
            annotations);
        ProcessResult run = await env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
        Assert.True(run.Succeeded, run.ToString());
        using RecorderClient client = daemon.Client();
        await Poll.UntilAsync(
            async ct => await client.GetContainerAsync(id, ct) is { State: ContainerState.Exited } exited ? exited : null,
            () => $"container {id} has exited (daemon log:\n{daemon.Output})");
    }
}
