using System.Security.Cryptography;
using SeccompRecorder.Demo;
using SeccompRecorder.Tests.Grpc;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>
/// Podman 4.3 with everything of its own under a temp directory, so that nothing global is used or left: storage
/// (--root, --runroot; the vfs driver, nothing to mount for a --rootfs container), --tmpdir, file locks instead of
/// /dev/shm/libpod_lock, a file for events, a network config directory of its own (--network none: no network is
/// created), and a cgroup parent named for this run instead of libpod_parent. containers.conf is ours alone
/// (CONTAINERS_CONF: the system's is not read). conmon's exit command (podman container cleanup) inherits these
/// options, but not --runtime-flag: with --runtime-flag root=DIR, cleanup's `runc delete` looked in /run/runc, missed
/// the container and left its state and cgroups. So runc and crun keep their state in /run/runc and /run/crun (one
/// directory per container, removed on delete); those directories go at the end if the tests made them.
/// </summary>
internal sealed class PodmanHost
{
    private readonly string _podman;
    private readonly string _conf;
    private readonly MissingDirs _runtimeStateDirs = new("/run/runc", "/run/crun");

    public PodmanHost(string directory)
    {
        _podman = ExecutableSearch.Find("podman") ?? throw new InvalidOperationException("podman is not installed: apt-get install podman (scripts/install-test-deps.sh)");
        _ = ExecutableSearch.Find("conmon") ?? throw new InvalidOperationException("conmon is not installed: apt-get install conmon");
        Directory = directory;
        CgroupParent = "seccomp-recorder-it-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        System.IO.Directory.CreateDirectory(directory);
        _conf = Path.Combine(directory, "containers.conf");
        File.WriteAllText(_conf, $"""
            [engine]
            cgroup_manager = "cgroupfs"
            events_logger = "file"
            events_logfile_path = "{directory}/events.log"
            tmp_dir = "{directory}/tmp"
            lock_type = "file"

            [network]
            network_config_dir = "{directory}/networks"

            """);
    }

    public string Directory { get; }

    /// <summary>--cgroup-parent of every container (under each cgroup hierarchy), removed at the end.</summary>
    public string CgroupParent { get; }

    /// <summary>podman with this host's global options, then <paramref name="args"/>.</summary>
    public Task<ProcessResult> PodmanAsync(IReadOnlyList<string> args, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync(
            "/usr/bin/env",
            [$"CONTAINERS_CONF={_conf}", _podman,
             "--root", Path.Combine(Directory, "root"), "--runroot", Path.Combine(Directory, "runroot"),
             "--tmpdir", Path.Combine(Directory, "tmp"), "--storage-driver", "vfs",
             "--cgroup-manager", "cgroupfs", "--events-backend", "file", .. args],
            timeout ?? TestTimeouts.Default,
            CancellationToken.None);

    /// <summary>Removes every container this host has, running or not, then the cgroup parent.</summary>
    public async Task RemoveAllAsync()
    {
        await PodmanAsync(["rm", "--all", "--force", "--time", "0"]);
        CgroupDirs.RemoveEmpty(CgroupParent);
        _runtimeStateDirs.RemoveIfEmpty();
    }
}
