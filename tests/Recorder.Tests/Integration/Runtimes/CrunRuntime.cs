using System.Text.Json.Nodes;
using SeccompRecorder.Demo;
using SeccompRecorder.Tests.Grpc;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>crun 1.8.1 itself, through tests/helpers/crun-wrapper: the same command line as runc's, so RuncCli drives it.</summary>
internal sealed class CrunRuntime : IContainerRuntime
{
    private readonly RuncEnvironment _env;

    public CrunRuntime(RuncEnvironment env, string wrapper)
    {
        _env = env;
        Cli = new RuncCli(wrapper, Path.Combine(env.TempDir, "crun-state"));
    }

    public string Name => "crun";

    public string OciVersion => "0.2.0";

    public RuncCli Cli { get; }

    public async Task<RuntimeRun> RunAsync(string name, IReadOnlyList<string> args, JsonObject seccomp)
    {
        RuncBundle bundle = await NewBundleAsync(name, args, seccomp);
        return new RuntimeRun(name, await Cli.RunAsync(bundle.Directory, name, TestTimeouts.Default, CancellationToken.None));
    }

    public async Task<string> StartAsync(string name, IReadOnlyList<string> args, JsonObject seccomp)
    {
        RuncBundle bundle = await NewBundleAsync(name, args, seccomp);
        await Cli.StartDetachedAsync(bundle.Directory, name, Path.Combine(bundle.Directory, "container.log"), CancellationToken.None);
        return name;
    }

    public Task<ProcessResult> ExecAsync(string name, IReadOnlyList<string> args) =>
        Cli.ExecAsync(name, args, TestTimeouts.Default, CancellationToken.None);

    public Task RemoveAsync(string name) => Cli.DeleteAsync(name, CancellationToken.None);

    public string RuntimeNamespace => string.Empty;

    public string BundleOf(string id) => Path.Combine(_env.TempDir, "bundles", id);

    /// <summary>A bundle from `runc spec` (crun reads it as it is: noNewPrivileges true, as crun's own spec has it).</summary>
    public async Task<RuncBundle> NewBundleAsync(string name, IReadOnlyList<string> args, JsonObject seccomp)
    {
        RuncBundle bundle = await _env.NewBundleAsync(name);
        bundle.Configure(args, seccomp);
        return bundle;
    }

    /// <summary>crun create: the init waits for start; its stdio goes to <paramref name="logFile"/> (see RuncCli.StartDetachedAsync).</summary>
    public Task<ProcessResult> CreateAsync(string bundle, string name, string logFile) =>
        ProcessRunner.RunAsync(
            "/bin/sh",
            ["-c", "exec \"$0\" --root \"$1\" create --bundle \"$2\" \"$3\" </dev/null >\"$4\" 2>&1", Cli.Runc, Cli.StateRoot, bundle, name, logFile],
            TestTimeouts.Default,
            CancellationToken.None);

    /// <summary>crun start, or crun state (JSON), of a container.</summary>
    public Task<ProcessResult> InvokeAsync(string command, string name) =>
        ProcessRunner.RunAsync(Cli.Runc, ["--root", Cli.StateRoot, command, name], TestTimeouts.Default, CancellationToken.None);

    /// <summary>Deletes every container left in this crun's state directory (a test that failed half way).</summary>
    public async Task RemoveAllAsync()
    {
        if (!Directory.Exists(Cli.StateRoot))
        {
            return;
        }

        foreach (string id in Directory.EnumerateDirectories(Cli.StateRoot).Select(Path.GetFileName).OfType<string>())
        {
            await RemoveAsync(id);
        }
    }
}
