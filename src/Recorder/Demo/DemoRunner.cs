using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Hosting;
using SeccompRecorder.Profiles;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Demo;

/// <summary>
/// The first experience in one command: a daemon on temporary sockets, a busybox workload under runc whose profile
/// routes every x86_64 syscall but write(2) to it, and what was recorded.
/// </summary>
internal sealed class DemoRunner
{
    public const string Workload = "mkdir -p /tmp/demo && echo 'hello from a recorded container' > /tmp/demo/greeting && cat /tmp/demo/greeting && ls / > /dev/null";
    private const string ContainerId = "seccomp-recorder-demo";

    private readonly DemoPrerequisites _machine;
    private readonly TextWriter _output;

    public DemoRunner(DemoPrerequisites machine, TextWriter output)
    {
        _machine = machine;
        _output = output;
    }

    /// <summary>Runs the demo in <paramref name="directory"/> and returns the recorded container.</summary>
    public async Task<Container> RunAsync(string directory, CancellationToken cancellationToken)
    {
        string listener = Path.Combine(directory, "listener.sock");
        string api = Path.Combine(directory, "api.sock");
        RecorderOptions settings = new()
        {
            Listener = listener,
            Api = api,
            StateDir = Path.Combine(directory, "state"),

            // Any free port: the demo must run beside a daemon that already serves the default one.
            Metrics = "127.0.0.1:0",
        };
        WebApplication daemon = DaemonHost.Build(DaemonSettings.From(settings), LogLevel.Warning);
        await using (daemon.ConfigureAwait(false))
        {
            await daemon.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await RecordAsync(directory, listener, api, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await daemon.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task<Container> RecordAsync(string directory, string listener, string api, CancellationToken cancellationToken)
    {
        RuncCli runc = new(_machine.Runc!, Path.Combine(directory, "runc-state"));
        RuncBundle bundle = await RuncBundle.CreateAsync(runc, Path.Combine(directory, "bundle"), _machine.Busybox!, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> names = SyscallTable.Names(SyscallArch.X86_64);
        bundle.Configure(["/bin/sh", "-c", Workload], SeccompProfileJson.Template(listener, "demo", [SyscallArch.X86_64]));
        await _output.WriteLineAsync($"daemon:    listening on {listener}").ConfigureAwait(false);
        await _output.WriteLineAsync($"container: {ContainerId}, busybox sh -c \"{Workload}\"").ConfigureAwait(false);
        await _output.WriteLineAsync($"profile:   {names.Count - 1} x86_64 syscalls (all but write) -> SCMP_ACT_NOTIFY").ConfigureAwait(false);

        ProcessResult run = await runc.RunAsync(bundle.Directory, ContainerId, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        await _output.WriteLineAsync($"runc run:  exit {run.ExitCode}; the container printed: {run.StandardOutput.Trim()}{run.StandardError.Trim()}").ConfigureAwait(false);
        if (!run.Succeeded)
        {
            throw new InvalidOperationException($"the demo container failed: {run}");
        }

        using RecorderClient client = new(api);
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            Container container = await client.GetContainerAsync(ContainerId, deadline.Token).ConfigureAwait(false);
            if (container.State == ContainerState.Exited)
            {
                return container;
            }

            await Task.Delay(20, deadline.Token).ConfigureAwait(false);
        }
    }
}
