using System.Diagnostics;
using System.Security.Cryptography;
using SeccompRecorder.Demo;
using SeccompRecorder.Native;
using SeccompRecorder.Tests.Grpc;

namespace SeccompRecorder.Tests.Integration.Runtimes;

/// <summary>
/// A containerd 1.6 of the tests' own: root, state, sockets, the opt plugin's directory and runc's state all under a
/// temp directory, the CRI plugin off (nothing here speaks CRI), one namespace. What containerd 1.6 puts outside
/// whatever it is told: shim sockets under /run/containerd/s (hardcoded), removed by the shims as their tasks are
/// deleted; the directories it had to create for them are removed at the end if empty.
/// </summary>
internal sealed class ContainerdDaemon : IAsyncDisposable
{
    private const int SIGTERM = 15;

    private readonly Process _process;
    private readonly MissingDirs _runDirs;

    private ContainerdDaemon(Process process, string directory, string ctr, MissingDirs runDirs)
    {
        _process = process;
        Directory = directory;
        Ctr = ctr;
        _runDirs = runDirs;
        Namespace = "seccomp-recorder-it-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
    }

    public string Directory { get; }

    public string Address => Path.Combine(Directory, "containerd.sock");

    /// <summary>runc's (and crun's) --root for the shims (ctr --runc-root).</summary>
    public string RuncRoot => Path.Combine(Directory, "runc");

    /// <summary>ctr's IO fifos (--fifo-dir), instead of /run/containerd/fifo.</summary>
    public string FifoDir => Path.Combine(Directory, "fifo");

    public string StateDir => Path.Combine(Directory, "state");

    public string LogPath => Path.Combine(Directory, "containerd.log");

    /// <summary>The ctr namespace the tests use; containerd also names the containers' parent cgroup after it.</summary>
    // Every namespace a test ran ctr in: each is cleaned at the end.
    private readonly HashSet<string> _namespaces = new(StringComparer.Ordinal);

    public string Namespace { get; }

    public string Ctr { get; }

    public static async Task<ContainerdDaemon> StartAsync(string directory)
    {
        string containerd = ExecutableSearch.Find("containerd") ?? throw new InvalidOperationException("containerd is not installed: apt-get install containerd (scripts/install-test-deps.sh)");
        string ctr = ExecutableSearch.Find("ctr") ?? throw new InvalidOperationException("ctr is not installed: apt-get install containerd");
        _ = ExecutableSearch.Find("containerd-shim-runc-v2") ?? throw new InvalidOperationException("containerd-shim-runc-v2 is not installed: apt-get install containerd");
        System.IO.Directory.CreateDirectory(directory);
        MissingDirs runDirs = new("/run/containerd/s", "/run/containerd/fifo", "/run/containerd/runc", "/run/containerd");
        string config = Path.Combine(directory, "config.toml");
        File.WriteAllText(config, $"""
            version = 2
            root = "{directory}/root"
            state = "{directory}/state"
            disabled_plugins = ["io.containerd.grpc.v1.cri"]

            [grpc]
              address = "{directory}/containerd.sock"

            [ttrpc]
              address = "{directory}/containerd.sock.ttrpc"

            [debug]
              address = "{directory}/debug.sock"

            # Its default is /opt/containerd, created at start.
            [plugins."io.containerd.internal.v1.opt"]
              path = "{directory}/opt"

            """);

        // sh only to send containerd's output to a file: it execs, so the pid is containerd's.
        ProcessStartInfo start = new("/bin/sh") { UseShellExecute = false };
        foreach (string arg in new[] { "-c", "exec \"$0\" --config \"$1\" </dev/null >\"$2\" 2>&1", containerd, config, Path.Combine(directory, "containerd.log") })
        {
            start.ArgumentList.Add(arg);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("containerd did not start");
        ContainerdDaemon daemon = new(process, directory, ctr, runDirs);
        try
        {
            await daemon.WaitUntilServingAsync();
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }

        return daemon;
    }

    /// <summary>ctr --address ... -n NAMESPACE <paramref name="args"/>: <see cref="Namespace"/>, or <paramref name="ns"/>.</summary>
    public Task<ProcessResult> CtrAsync(IReadOnlyList<string> args, TimeSpan? timeout = null, string? ns = null)
    {
        lock (_namespaces)
        {
            _namespaces.Add(ns ?? Namespace);
        }

        return ProcessRunner.RunAsync(Ctr, ["--address", Address, "--namespace", ns ?? Namespace, .. args], timeout ?? TestTimeouts.Default, CancellationToken.None);
    }

    /// <summary>Kills and deletes the task (if any), then deletes the container (if any).</summary>
    public async Task RemoveAsync(string id, string? ns = null)
    {
        await CtrAsync(["task", "delete", "--force", id], ns: ns);
        await CtrAsync(["container", "delete", id], ns: ns);
    }

    private string[] Namespaces()
    {
        lock (_namespaces)
        {
            return [.. _namespaces];
        }
    }

    public string ReadLog() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Tasks first: containerd's stop leaves shims and their containers running, by design.
                foreach (string ns in Namespaces())
                {
                    ProcessResult containers = await CtrAsync(["container", "list", "--quiet"], ns: ns);
                    foreach (string id in containers.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        await RemoveAsync(id, ns);
                    }
                }

                if (PidFd.TryOpen(_process.Id, out SafeFdHandle pidfd))
                {
                    using (pidfd)
                    {
                        PidFd.TrySendSignal(pidfd, SIGTERM);
                    }
                }

                await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
            }
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
            foreach (string ns in Namespaces())
            {
                CgroupDirs.RemoveEmpty(ns);
            }
            _runDirs.RemoveIfEmpty();
        }
    }

    private async Task WaitUntilServingAsync()
    {
        using CancellationTokenSource deadline = new(TestTimeouts.Default);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"containerd exited with {_process.ExitCode}:\n{ReadLog()}");
            }

            if ((await ProcessRunner.RunAsync(Ctr, ["--address", Address, "version"], TestTimeouts.Default, deadline.Token)).Succeeded)
            {
                return;
            }

            try
            {
                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"containerd did not serve on {Address}:\n{ReadLog()}");
            }
        }
    }
}
