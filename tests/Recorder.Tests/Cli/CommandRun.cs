using System.CommandLine;
using SeccompRecorder.Cli;
using SeccompRecorder.Tests.Grpc;

namespace SeccompRecorder.Tests.Cli;

/// <summary>One invocation of the real command tree with captured output, as Program.cs runs it (usage errors too) but without Console.</summary>
internal sealed class CommandRun
{
    private readonly string[] _args;
    private readonly InvocationConfiguration _configuration;

    public CommandRun(params string[] args)
    {
        _args = args;
        _configuration = new InvocationConfiguration
        {
            Output = Output,
            Error = Error,
            // Not the test runner's SIGINT/SIGTERM: tests cancel through the token instead.
            ProcessTerminationTimeout = null,
        };
    }

    public CapturingWriter Output { get; } = new();

    public CapturingWriter Error { get; } = new();

    public int? ExitCode { get; private set; }

    /// <summary>Runs a command that ends by itself.</summary>
    public static async Task<CommandRun> CompletedAsync(params string[] args)
    {
        var run = new CommandRun(args);
        await run.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        return run;
    }

    public async Task<int> StartAsync(CancellationToken cancellationToken)
    {
        int exitCode = await RecorderCommandLine.InvokeAsync(_args, _configuration, cancellationToken);
        ExitCode = exitCode;
        return exitCode;
    }

    public override string ToString() => $"{string.Join(' ', _args)}: exit {ExitCode}\nstdout:\n{Output.Text}\nstderr:\n{Error.Text}";
}
