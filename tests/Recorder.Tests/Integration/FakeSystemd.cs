using System.Diagnostics;
using System.Threading.Channels;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Tests.Grpc;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// The daemon run as a systemd service by py/fake_systemd.py: NOTIFY_SOCKET, a file descriptor store, and restarts that
/// pass the store back with LISTEN_FDS, as systemd 252 does. CI has no systemd as pid 1 to run it under.
/// </summary>
internal sealed class FakeSystemd : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _events = Channel.CreateUnbounded<string>();
    private readonly List<string> _seen = [];
    private readonly List<string> _allowedErrors = [];

    private FakeSystemd(Process process, string directory)
    {
        _process = process;
        Directory = directory;
    }

    public string Directory { get; }

    public string ListenerPath => Path.Combine(Directory, "listener.sock");

    public string ApiPath => Path.Combine(Directory, "api.sock");

    public string LogPath => Path.Combine(Directory, "daemon.log");

    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

    /// <summary>Every event line so far, for failure messages.</summary>
    public string Events
    {
        get
        {
            lock (_seen)
            {
                return string.Join('\n', _seen);
            }
        }
    }

    public static FakeSystemd Start(string directory, params string[] extraArgs) =>
        StartExecutable(RepoPaths.RecorderExecutable, directory, extraArgs);

    /// <summary>The service runs <paramref name="executable"/> (another build of the daemon) until <see cref="UpgradeAsync"/>.</summary>
    public static FakeSystemd StartExecutable(string executable, string directory, params string[] extraArgs)
    {
        System.IO.Directory.CreateDirectory(directory);
        ProcessStartInfo start = new("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] daemon =
        [
            executable, "daemon",
            "--listener", Path.Combine(directory, "listener.sock"), "--api", Path.Combine(directory, "api.sock"),
            "--state-dir", Path.Combine(directory, "state"), "--metrics", "127.0.0.1:0", "--log-level", "Debug", .. extraArgs,
        ];
        foreach (string arg in (string[])[Path.Combine(RepoPaths.Root, "tests", "Recorder.Tests", "Integration", "py", "fake_systemd.py"), Path.Combine(directory, "daemon.log"), "--", .. daemon])
        {
            start.ArgumentList.Add(arg);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        FakeSystemd systemd = new(process, directory);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (systemd._seen)
                {
                    systemd._seen.Add(line);
                }

                systemd._events.Writer.TryWrite(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (systemd._seen)
                {
                    systemd._seen.Add("stderr: " + line);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return systemd;
    }

    public RecorderClient Client() => new(ApiPath, TestTimeouts.Default);

    /// <summary>The container as the service reports it once every fd it handed over has hung up.</summary>
    public async Task<Api.V1.Container> WaitForContainerExitAsync(string id)
    {
        using RecorderClient client = Client();
        return await Poll.UntilAsync(
            async ct => await client.GetContainerAsync(id, ct) is { State: Api.V1.ContainerState.Exited } exited ? exited : null,
            () => $"container {id} has exited (log:\n{Log})");
    }

    /// <summary><paramref name="task"/>'s result within <paramref name="timeout"/>, or a timeout that says what hung with the events and the log.</summary>
    public async Task<T> WithinAsync<T>(Task<T> task, TimeSpan timeout, string what)
    {
        try
        {
            return await task.WaitAsync(timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{what}; events:\n{Events}\nlog:\n{Log}", e);
        }
    }

    /// <summary>Reads events until one starts with <paramref name="prefix"/>; returns it. Every event before it is returned too.</summary>
    public async Task<(string Match, IReadOnlyList<string> Before)> WaitForAsync(string prefix)
    {
        List<string> before = [];
        using CancellationTokenSource deadline = new(TestTimeouts.Default);
        try
        {
            while (true)
            {
                string line = await _events.Reader.ReadAsync(deadline.Token);
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return (line, before);
                }

                before.Add(line);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"no \"{prefix}\" from fake systemd; events:\n{Events}\ndaemon log:\n{Log}");
        }
    }

    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The next starts run <paramref name="executable"/>, as after a package upgrade; the running daemon runs on.</summary>
    public Task UpgradeAsync(string executable) => SendAsync("upgrade " + executable);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await SendAsync("stop");
                await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
            }
            catch (Exception e) when (e is IOException or TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        DaemonLog.ThrowOnErrors("the daemon under the fake systemd", Log, _allowedErrors);
    }

    /// <summary>Error lines containing one of <paramref name="substrings"/> are what the test provokes (see DaemonProcess).</summary>
    public FakeSystemd AllowErrors(params string[] substrings)
    {
        _allowedErrors.AddRange(substrings);
        return this;
    }
}
