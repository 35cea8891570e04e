using System.Diagnostics;
using System.Text;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Native;
using SeccompRecorder.Tests.Grpc;

namespace SeccompRecorder.Tests.Integration;

/// <summary>The real daemon binary, run as operators run it, with its sockets in a temp directory.</summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private const int SIGKILL = 9;
    private const int SIGTERM = 15;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<string> _allowedErrors = [];

    private DaemonProcess(Process process, string directory)
    {
        _process = process;
        Directory = directory;
    }

    public string Directory { get; }

    public string ListenerPath => Path.Combine(Directory, "listener.sock");

    public string ApiPath => Path.Combine(Directory, "api.sock");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public int Pid => _process.Id;

    public static Task<DaemonProcess> StartAsync(string directory, params string[] extraArgs) =>
        StartExecutableAsync(RepoPaths.RecorderExecutable, directory, extraArgs);

    /// <summary>As <see cref="StartAsync"/>, running another build of the daemon (the previous release's).</summary>
    public static async Task<DaemonProcess> StartExecutableAsync(string executable, string directory, params string[] extraArgs)
    {
        DaemonProcess daemon = LaunchExecutable(executable, directory, extraArgs);
        await daemon.WaitUntilServingAsync();
        return daemon;
    }

    /// <summary>Starts the daemon without waiting for it: for tests of how it fails.</summary>
    public static DaemonProcess Launch(string directory, params string[] extraArgs) =>
        LaunchExecutable(RepoPaths.RecorderExecutable, directory, extraArgs);

    /// <summary>
    /// As <see cref="Launch"/>, running <paramref name="executable"/>. Only flags every release takes: the previous
    /// release's daemon is started with these too.
    /// </summary>
    public static DaemonProcess LaunchExecutable(string executable, string directory, params string[] extraArgs) =>
        LaunchWith(executable, directory, DirectoryArgs(directory, extraArgs), new Dictionary<string, string>());

    /// <summary>
    /// As <see cref="StartAsync"/>, but run by <paramref name="wrapper"/> (which execs the daemon it finds in
    /// <paramref name="environment"/>, as tests/helpers/mdwe does).
    /// </summary>
    public static async Task<DaemonProcess> StartWrappedAsync(string wrapper, IReadOnlyDictionary<string, string> environment, string directory)
    {
        DaemonProcess daemon = LaunchWith(wrapper, directory, DirectoryArgs(directory, []), environment);
        await daemon.WaitUntilServingAsync();
        return daemon;
    }

    private static string[] DirectoryArgs(string directory, string[] extraArgs) =>
        ["--listener", Path.Combine(directory, "listener.sock"), "--api", Path.Combine(directory, "api.sock"),
         "--state-dir", Path.Combine(directory, "state"), "--log-level", "Debug", .. extraArgs];

    /// <summary>
    /// Starts `seccomp-recorder daemon ARGS` with extra environment variables; <paramref name="directory"/> is where the
    /// test expects the sockets (the settings must put them there).
    /// </summary>
    public static DaemonProcess LaunchWith(string directory, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment) =>
        LaunchWith(RepoPaths.RecorderExecutable, directory, args, environment);

    /// <summary>
    /// As <see cref="StartAsync"/>, run by <paramref name="wrapper"/> (a program and its arguments, e.g. setpriv with the
    /// systemd unit's capability bounding set), which execs the daemon.
    /// </summary>
    public static async Task<DaemonProcess> StartWrappedAsync(IReadOnlyList<string> wrapper, string directory)
    {
        DaemonProcess daemon = LaunchWith(
            wrapper[0],
            directory,
            ["--listener", Path.Combine(directory, "listener.sock"), "--api", Path.Combine(directory, "api.sock"),
             "--state-dir", Path.Combine(directory, "state"), "--log-level", "Debug"],
            new Dictionary<string, string>(),
            [.. wrapper.Skip(1), RepoPaths.RecorderExecutable]);
        await daemon.WaitUntilServingAsync();
        return daemon;
    }

    private static DaemonProcess LaunchWith(
        string executable, string directory, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? before = null)
    {
        System.IO.Directory.CreateDirectory(directory);
        ProcessStartInfo start = new(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in before ?? [])
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("daemon");
        List<string> arguments = [.. args];
        if (!arguments.Contains("--metrics"))
        {
            // Never the default 127.0.0.1:9756: test daemons run side by side, and a real one may run on the machine.
            arguments.AddRange(["--metrics", "127.0.0.1:0"]);
        }

        foreach (string arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("the daemon did not start");
        DaemonProcess daemon = new(process, directory);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    public RecorderClient Client() => new(ApiPath, TestTimeouts.Default);

    /// <summary>The container as this daemon reports it once every fd it handed over has hung up.</summary>
    public async Task<Api.V1.Container> WaitForContainerExitAsync(string id)
    {
        using RecorderClient client = Client();
        return await Poll.UntilAsync(
            async ct => await client.GetContainerAsync(id, ct) is { State: Api.V1.ContainerState.Exited } exited ? exited : null,
            () => $"container {id} has exited (daemon log:\n{Output})");
    }

    /// <summary>The container once <paramref name="until"/> holds for it (it may not be registered yet when this starts).</summary>
    public async Task<Api.V1.Container> WaitForContainerAsync(string id, Func<Api.V1.Container, bool> until, string what)
    {
        using RecorderClient client = Client();
        return await Poll.UntilAsync(
            async ct =>
            {
                try
                {
                    Api.V1.Container container = await client.GetContainerAsync(id, ct);
                    return until(container) ? container : null;
                }
                catch (global::Grpc.Core.RpcException e) when (e.StatusCode == global::Grpc.Core.StatusCode.NotFound)
                {
                    return null;
                }
            },
            () => $"container {id} {what} (daemon log:\n{Output})");
    }

    /// <summary>SIGTERM, as systemd and Kubernetes stop it; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited && PidFd.TryOpen(_process.Id, out SafeFdHandle pidfd))
        {
            using (pidfd)
            {
                PidFd.TrySendSignal(pidfd, SIGTERM);
            }
        }

        await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, as a crash or the OOM killer ends it: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited && PidFd.TryOpen(_process.Id, out SafeFdHandle pidfd))
        {
            using (pidfd)
            {
                PidFd.TrySendSignal(pidfd, SIGKILL);
            }
        }

        await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        return _process.ExitCode;
    }

    /// <summary>
    /// Error and critical log lines containing one of <paramref name="substrings"/> are what this test provokes; any
    /// other fails the test when the daemon is disposed (every test's daemon is checked so).
    /// </summary>
    public DaemonProcess AllowErrors(params string[] substrings)
    {
        _allowedErrors.AddRange(substrings);
        return this;
    }

    /// <summary>The daemon's error and critical lines that no <see cref="AllowErrors"/> covers.</summary>
    public IReadOnlyList<string> UnexpectedErrors() => DaemonLog.Errors(Output, _allowedErrors);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        DaemonLog.ThrowOnErrors("the daemon", Output, _allowedErrors);
    }

    /// <summary>Until the API answers a health check; fails with the daemon's output if it exits first.</summary>
    public async Task WaitUntilServingAsync()
    {
        using RecorderClient client = Client();
        using CancellationTokenSource deadline = new(TestTimeouts.Default);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the daemon exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                await client.CheckHealthAsync(cancellationToken: deadline.Token);
                return;
            }
            catch (Exception e) when (e is RecorderUnavailableException or global::Grpc.Core.RpcException { StatusCode: global::Grpc.Core.StatusCode.Unavailable })
            {
                await Task.Delay(50, deadline.Token);
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
