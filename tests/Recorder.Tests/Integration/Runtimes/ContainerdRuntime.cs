using System.Text.Json.Nodes;
using SeccompRecorder.Demo;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>
/// ctr against the tests' containerd, over runc or (--runc-binary) the crun wrapper, with the default runtime
/// io.containerd.runc.v2 either way: ctr needs both --seccomp and --seccomp-profile, and --rootfs is a flag whose
/// directory is the first argument after the options.
/// </summary>
internal sealed class ContainerdRuntime : IContainerRuntime
{
    private readonly RuncEnvironment _env;
    private readonly ContainerdDaemon _containerd;
    private readonly string? _runcBinary;
    private readonly string? _namespace;
    private int _execs;

    public ContainerdRuntime(RuncEnvironment env, ContainerdDaemon containerd, string name, string? runcBinary, string? ns = null)
    {
        _env = env;
        _containerd = containerd;
        Name = name;
        _runcBinary = runcBinary;
        _namespace = ns;
    }

    public string RuntimeNamespace => _namespace ?? _containerd.Namespace;

    /// <summary>The same runtime in another containerd namespace: ids are unique only within one.</summary>
    public ContainerdRuntime InNamespace(string ns) => new(_env, _containerd, Name, _runcBinary, ns);

    public string Name { get; }

    public string OciVersion => _runcBinary is null ? "1.0.2-dev" : "0.2.0";

    public async Task<RuntimeRun> RunAsync(string name, IReadOnlyList<string> args, JsonObject seccomp)
    {
        try
        {
            // Foreground: ctr copies the container's output through fifos and exits with its status.
            ProcessResult result = await _containerd.CtrAsync(["run", "--rm", .. await OptionsAsync(name, seccomp), name, .. args], ns: _namespace);
            return new RuntimeRun(name, result);
        }
        finally
        {
            await RemoveAsync(name);
        }
    }

    public async Task<string> StartAsync(string name, IReadOnlyList<string> args, JsonObject seccomp)
    {
        ProcessResult result = await _containerd.CtrAsync(["run", "--detach", "--null-io", .. await OptionsAsync(name, seccomp), name, .. args], ns: _namespace);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"ctr run --detach {name} failed: {result}\ncontainerd:\n{_containerd.ReadLog()}");
        }

        return name;
    }

    public Task<ProcessResult> ExecAsync(string name, IReadOnlyList<string> args) =>
        _containerd.CtrAsync(["task", "exec", "--exec-id", $"exec-{Interlocked.Increment(ref _execs)}", "--fifo-dir", _containerd.FifoDir, name, .. args], ns: _namespace);

    public Task RemoveAsync(string name) => _containerd.RemoveAsync(name, _namespace);

    /// <summary>containerd writes the bundle under its state directory, per namespace; the id carries no namespace.</summary>
    public string BundleOf(string id) => Path.Combine(_containerd.StateDir, "io.containerd.runtime.v2.task", RuntimeNamespace, id);

    private async Task<List<string>> OptionsAsync(string name, JsonObject seccomp)
    {
        ContainerFiles files = await ContainerFiles.CreateAsync(_env, name, seccomp);
        List<string> options = ["--seccomp", "--seccomp-profile", files.ProfilePath, "--runc-root", _containerd.RuncRoot, "--fifo-dir", _containerd.FifoDir];
        if (_runcBinary is not null)
        {
            options.AddRange(["--runc-binary", _runcBinary]);
        }

        options.AddRange(["--rootfs", files.RootFs]);
        return options;
    }
}
