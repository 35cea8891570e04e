using System.Text.Json.Nodes;
using SeccompRecorder.Demo;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>
/// Podman over runc or the crun wrapper (--runtime takes a path). Needed here: --ulimit for nofile and nproc (Podman
/// raises both by default, which runc and crun cannot without CAP_SYS_RESOURCE), --network none (no bridge, nothing
/// on the network), an absolute --rootfs. Containers are named; the daemon knows them by Podman's 64-hex id.
/// </summary>
internal sealed class PodmanRuntime : IContainerRuntime
{
    private readonly RuncEnvironment _env;
    private readonly PodmanHost _host;
    private readonly string _ociRuntime;

    public PodmanRuntime(RuncEnvironment env, PodmanHost host, string name, string ociRuntime, string ociVersion)
    {
        _env = env;
        _host = host;
        Name = name;
        _ociRuntime = ociRuntime;
        OciVersion = ociVersion;
    }

    public string Name { get; }

    public string OciVersion { get; }

    public async Task<RuntimeRun> RunAsync(string name, IReadOnlyList<string> args, JsonObject seccomp)
    {
        string cidFile = Path.Combine(_env.TempDir, $"{name}.cid");
        File.Delete(cidFile); // podman refuses an existing one: the same name run again
        try
        {
            ProcessResult result = await _host.PodmanAsync(["run", "--rm", "--cidfile", cidFile, .. await OptionsAsync(name, seccomp), .. args]);
            return new RuntimeRun(File.Exists(cidFile) ? File.ReadAllText(cidFile).Trim() : string.Empty, result);
        }
        finally
        {
            await RemoveAsync(name);
        }
    }

    public async Task<string> StartAsync(string name, IReadOnlyList<string> args, JsonObject seccomp)
    {
        ProcessResult result = await _host.PodmanAsync(["run", "--detach", .. await OptionsAsync(name, seccomp), .. args]);
        return result.Succeeded ? result.StandardOutput.Trim() : throw new InvalidOperationException($"podman run --detach {name} failed: {result}");
    }

    /// <summary>podman create: the container exists, no runtime has run yet (podman init runs the runtime's create).</summary>
    public async Task<string> CreateAsync(string name, IReadOnlyList<string> args, JsonObject seccomp, IReadOnlyList<string> extraOptions)
    {
        ProcessResult result = await _host.PodmanAsync(["create", .. extraOptions, .. await OptionsAsync(name, seccomp), .. args]);
        return result.Succeeded ? result.StandardOutput.Trim() : throw new InvalidOperationException($"podman create {name} failed: {result}");
    }

    public Task<ProcessResult> ExecAsync(string name, IReadOnlyList<string> args) => _host.PodmanAsync(["exec", name, .. args]);

    public Task RemoveAsync(string name) => _host.PodmanAsync(["rm", "--force", "--ignore", "--time", "0", name]);

    public string RuntimeNamespace => string.Empty;

    public string BundleOf(string id) => Path.Combine(_host.Directory, "root", "vfs-containers", id, "userdata");

    public Task<ProcessResult> PodmanAsync(IReadOnlyList<string> args) => _host.PodmanAsync(args);

    private async Task<List<string>> OptionsAsync(string name, JsonObject seccomp)
    {
        ContainerFiles files = await ContainerFiles.CreateAsync(_env, name, seccomp);
        return
        [
            "--name", name, "--runtime", _ociRuntime, "--network", "none",
            "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024",
            "--cgroup-parent", "/" + _host.CgroupParent,
            "--security-opt", "seccomp=" + files.ProfilePath,
            "--rootfs", files.RootFs,
        ];
    }
}
