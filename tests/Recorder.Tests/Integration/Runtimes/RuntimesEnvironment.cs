using Xunit;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>
/// What the runtime tests need beyond the runc tests' environment (daemon, busybox, helpers, which it holds): crun and
/// its wrapper, a containerd of their own, Podman on temporary storage. A missing runtime fails the collection loudly,
/// as a missing runc does: CI installs them all (scripts/install-test-deps.sh), and a skip there would hide that
/// they were never tested. Whatever a test leaves running is removed here.
/// </summary>
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class RuntimesEnvironment : IAsyncLifetime
{
    private readonly RuncEnvironment _base = new();
    private readonly Dictionary<string, IContainerRuntime> _runtimes = new(StringComparer.Ordinal);
    private ContainerdDaemon? _containerd;
    private PodmanHost? _podman;

    internal RuncEnvironment Base => _base;

    internal DaemonProcess Daemon => _base.Daemon;

    internal CrunRuntime Crun { get; private set; } = null!;

    /// <summary>tests/helpers/crun-wrapper: crun in a mount namespace without this machine's hybrid unified mount.</summary>
    public static string CrunWrapper => Path.Combine(RepoPaths.Root, "tests", "helpers", "crun-wrapper");

    public async Task InitializeAsync()
    {
        await _base.InitializeAsync();
        _ = Demo.ExecutableSearch.Find("crun") ?? throw new InvalidOperationException("crun is not installed: apt-get install crun (scripts/install-test-deps.sh)");
        Crun = new CrunRuntime(_base, CrunWrapper);
        _containerd = await ContainerdDaemon.StartAsync(Path.Combine(_base.TempDir, "containerd"));
        _podman = new PodmanHost(Path.Combine(_base.TempDir, "podman"));
        IContainerRuntime[] runtimes =
        [
            Crun,
            new ContainerdRuntime(_base, _containerd, "containerd+runc", runcBinary: null),
            new ContainerdRuntime(_base, _containerd, "containerd+crun", CrunWrapper),
            new PodmanRuntime(_base, _podman, "podman+runc", "runc", ociVersion: "1.0.2-dev"),
            new PodmanRuntime(_base, _podman, "podman+crun", CrunWrapper, ociVersion: "0.2.0"),
        ];
        foreach (IContainerRuntime runtime in runtimes)
        {
            _runtimes.Add(runtime.Name, runtime);
        }
    }

    internal IContainerRuntime Get(string name) => _runtimes[name];

    public async Task DisposeAsync()
    {
        try
        {
            if (_podman is not null)
            {
                await _podman.RemoveAllAsync();
            }

            if (_containerd is not null)
            {
                await _containerd.DisposeAsync();
            }

            if (Crun is not null)
            {
                await Crun.RemoveAllAsync();
            }
        }
        finally
        {
            await _base.DisposeAsync();
        }
    }
}
