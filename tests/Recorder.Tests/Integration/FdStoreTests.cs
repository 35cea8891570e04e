using System.Globalization;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Profiles;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// <c>systemctl restart</c> with <c>--fd-store</c>: the stopping daemon stores its listener socket, notify fds and state
/// in the service manager, the next start takes them back. A container calling throughout sees no ENOSYS.
/// </summary>
[Collection(RuncCollection.Name)]
public sealed class FdStoreTests
{
    private static readonly string[] s_archs = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"];
    private readonly RuncEnvironment _env;

    public FdStoreTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task Restart_WithFdStore_ContainerCallsThroughAndEveryCallCounted()
    {
        const string id = "it-fdstore";
        const int calls = 1_000_000;
        await using FakeSystemd systemd = FakeSystemd.Start(Path.Combine(_env.TempDir, "daemons", id), "--fd-store");
        (string firstReady, _) = await systemd.WaitForAsync("READY ");
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(["/sysloop", "getppid", calls.ToString(CultureInfo.InvariantCulture)], SeccompProfileJson.Notify(systemd.ListenerPath, string.Empty, s_archs, ["getppid"]));
        Task<RuncResult> run = _env.Runc.RunAsync(bundle.Directory, id, TimeSpan.FromMinutes(3), CancellationToken.None);
        using (RecorderClient client = systemd.Client())
        {
            await Poll.UntilAsync(
                async ct => run.IsCompleted
                    ? throw new InvalidOperationException($"the container ended before the restart: {await run}")
                    : (await client.ListContainersAsync(ct)).FirstOrDefault(c => c.Id == id && c.Notifications >= 20_000),
                () => $"container {id} is calling (events:\n{systemd.Events}\nlog:\n{systemd.Log})");
        }

        await systemd.SendAsync("restart");
        (string exited, IReadOnlyList<string> stopping) = await systemd.WaitForAsync("EXITED ");
        (string secondReady, IReadOnlyList<string> starting) = await systemd.WaitForAsync("READY ");
        RuncResult result = await run;
        Container after;
        using (RecorderClient client = systemd.Client())
        {
            after = await Poll.UntilAsync(
                async ct => await client.GetContainerAsync(id, ct) is { State: ContainerState.Exited } exited ? exited : null,
                () => $"container {id} has exited (log:\n{systemd.Log})");
        }

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains($"count={calls} ok={calls} errors=0", result.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith(" 0", exited, StringComparison.Ordinal);
        Assert.NotEqual(firstReady, secondReady);
        // What was stored: the state memfd, the init pidfd, the notify fd and the listener; taken back and removed.
        string[] stored = [.. stopping.Where(e => e.StartsWith("STORED ", StringComparison.Ordinal)).Select(e => e["STORED ".Length..])];
        Assert.Equal(["state", "pidfd-0", "notify-0", "listener"], stored);
        Assert.Equal(stored.Order(StringComparer.Ordinal), starting.Where(e => e.StartsWith("REMOVED ", StringComparison.Ordinal)).Select(e => e["REMOVED ".Length..]).Order(StringComparer.Ordinal));
        Assert.Contains("Took over 1 containers and 1 notify fds", systemd.Log, StringComparison.Ordinal);
        Assert.Equal(((ulong)calls, (ulong)calls, 1U), (after.Notifications, after.Syscalls.Single().Count, after.ListenersTotal));
    }
}
