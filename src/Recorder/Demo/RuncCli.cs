using System.Diagnostics;

namespace SeccompRecorder.Demo;

/// <summary>
/// Drives the runc binary with its own state directory (--root), so nothing here touches the host's containers.
/// Each call has a deadline; a container still running when it passes is killed and deleted.
/// </summary>
internal sealed class RuncCli
{
    public RuncCli(string runc, string stateRoot)
    {
        Runc = runc;
        StateRoot = stateRoot;
    }

    public string Runc { get; }

    public string StateRoot { get; }

    /// <summary>The runc on PATH, or null.</summary>
    public static string? Find() => ExecutableSearch.Find("runc");

    public async Task SpecAsync(string bundle, CancellationToken cancellationToken)
    {
        ProcessResult result = await InvokeAsync(["spec", "--bundle", bundle], TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"runc spec failed: {result}");
        }
    }

    /// <summary>runc run in the foreground: returns when the container exits.</summary>
    public async Task<ProcessResult> RunAsync(string bundle, string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await InvokeAsync(["run", "--bundle", bundle, id], timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await DeleteAsync(id, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>runc run --detach, the container's stdio going to <paramref name="logFile"/>.</summary>
    public async Task StartDetachedAsync(string bundle, string id, string logFile, CancellationToken cancellationToken)
    {
        // runc passes its own stdio to a container without a terminal; a file keeps pipes to us from living on in it.
        string command = $"exec '{Runc}' --root '{StateRoot}' run --detach --bundle '{bundle}' '{id}' </dev/null >'{logFile}' 2>&1";
        ProcessResult result = await ProcessRunner.RunAsync("/bin/sh", ["-c", command], TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"runc run --detach {id} failed: {result}; log: {ReadOrEmpty(logFile)}");
        }
    }

    public Task<ProcessResult> ExecAsync(string id, IReadOnlyList<string> args, TimeSpan timeout, CancellationToken cancellationToken) =>
        InvokeAsync(["exec", id, .. args], timeout, cancellationToken);

    public Task<ProcessResult> KillAsync(string id, string signal, CancellationToken cancellationToken) =>
        InvokeAsync(["kill", id, signal], TimeSpan.FromSeconds(30), cancellationToken);

    public Task<ProcessResult> DeleteAsync(string id, CancellationToken cancellationToken) =>
        InvokeAsync(["delete", "--force", id], TimeSpan.FromSeconds(30), cancellationToken);

    private Task<ProcessResult> InvokeAsync(IReadOnlyList<string> args, TimeSpan timeout, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(Runc, ["--root", StateRoot, .. args], timeout, cancellationToken);

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : string.Empty;
}
