using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Tests.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// What the real-container tests need: root, runc, a static busybox, the static helpers (built once from
/// tests/helpers), and one running daemon. Missing prerequisites fail loudly: CI runs as root with all of them, and a
/// silent skip there would hide that the record path was never tested.
/// </summary>
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class RuncEnvironment : IAsyncLifetime
{
    public string TempDir { get; } = Directory.CreateTempSubdirectory("seccomp-recorder-it-").FullName;

    public string HelpersDir => Path.Combine(TempDir, "helpers");

    internal RuncCli Runc { get; private set; } = null!;

    public string Busybox { get; private set; } = string.Empty;

    internal DaemonProcess Daemon { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("the runc integration tests need root (seccomp user notification, runc); run the suite as root as CI does");
        }

        string runc = RuncCli.Find() ?? throw new InvalidOperationException("runc is not installed: apt-get install runc (or run .ci/install-deps)");
        Runc = new RuncCli(runc, Path.Combine(TempDir, "runc-state"));
        Busybox = StaticBusybox.Find() ?? throw new InvalidOperationException("a static busybox is needed: apt-get install busybox-static");
        ProcessResult build = await ProcessRunner.RunAsync(
            "/bin/bash", [Path.Combine(RepoPaths.Root, "tests", "helpers", "build.sh"), HelpersDir], TimeSpan.FromMinutes(2), CancellationToken.None);
        if (!build.Succeeded)
        {
            throw new InvalidOperationException($"building tests/helpers failed: {build}");
        }

        Daemon = await DaemonProcess.StartAsync(Path.Combine(TempDir, "daemon"));
    }

    public async Task DisposeAsync()
    {
        if (Daemon is not null)
        {
            await Daemon.DisposeAsync();
        }

        try
        {
            Directory.Delete(TempDir, recursive: true);
        }
        catch (IOException)
        {
            // A container's rootfs still mounted would keep files busy; the temp dir is left for inspection then.
        }
    }

    /// <summary>The container as the daemon reports it once every fd it handed over has hung up.</summary>
    internal async Task<Container> WaitForExitAsync(string id)
    {
        using RecorderClient client = Daemon.Client();
        return await Poll.UntilAsync(
            async ct => await client.GetContainerAsync(id, ct) is { State: ContainerState.Exited } exited ? exited : null,
            () => $"container {id} has exited (daemon log:\n{Daemon.Output})");
    }

    /// <summary>A fresh bundle with busybox and the helpers, under a unique directory.</summary>
    internal async Task<RuncBundle> NewBundleAsync(string name)
    {
        // New each time: a test that runs a container id again (a new run of it) starts from a fresh bundle.
        string directory = Path.Combine(TempDir, "bundles", name);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        RuncBundle bundle = await RuncBundle.CreateAsync(Runc, Path.Combine(TempDir, "bundles", name), Busybox, CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        bundle.AddBinary(Path.Combine(HelpersDir, "sysloop"), "sysloop");
        bundle.AddBinary(Path.Combine(HelpersDir, "sysloop32"), "sysloop32");
        bundle.AddBinary(Path.Combine(HelpersDir, "hammer"), "hammer");
        bundle.AddBinary(Path.Combine(HelpersDir, "argcalls"), "argcalls");
        bundle.AddBinary(Path.Combine(HelpersDir, "argcalls32"), "argcalls32");
        bundle.AddBinary(Path.Combine(HelpersDir, "denials"), "denials");
        bundle.AddBinary(Path.Combine(HelpersDir, "argcheck"), "argcheck");
        bundle.AddBinary(Path.Combine(HelpersDir, "argcheck32"), "argcheck32");
        bundle.AddBinary(Path.Combine(HelpersDir, "newcalls"), "newcalls");
        bundle.AddBinary(Path.Combine(HelpersDir, "newcalls32"), "newcalls32");
        bundle.AddBinary(Path.Combine(HelpersDir, "execchain"), "execchain");
        return bundle;
    }
}
