using System.CommandLine;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Cli.Output;
using SeccompRecorder.Grpc.Client;

namespace SeccompRecorder.Cli;

/// <summary>
/// <c>seccomp-recorder watch [ID]</c>: events as they happen, one line each, until Ctrl+C or SIGTERM
/// (a normal way to stop: exit 0) or until the daemon ends the stream.
/// </summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        Argument<string?> id = new("ID")
        {
            Description = "Only this container's events [default: all containers]",
            Arity = ArgumentArity.ZeroOrOne,
        };
        Option<string?> api = ClientOptions.CreateApi();
        Option<string> output = ClientOptions.CreateOutput();
        Command command = new("watch", "Print events as they happen: attach, exec, exit, first-seen syscalls, violations, stops") { id, api, output };
        command.SetAction((parse, cancellationToken) => ClientInvocation.RunAsync(
            parse,
            api,
            (client, ct) => RunAsync(client, parse.GetValue(id), ClientOptions.GetOutput(parse, output), parse.InvocationConfiguration.Output, ct),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        RecorderClient client, string? containerId, OutputFormat format, TextWriter output, CancellationToken cancellationToken)
    {
        using var signals = new SignalCancellation(cancellationToken);
        try
        {
            await foreach (Event recorderEvent in client.WatchEventsAsync(containerId, signals.Token).ConfigureAwait(false))
            {
                EventView view = ViewMapper.ToView(recorderEvent);
                string line = format == OutputFormat.Json ? EventText.RenderJson(view) : EventText.RenderLine(view);
                await CommandOutput.WriteAsync(output, line).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: the only way a watch that the daemon keeps open ends, so not a failure.
        }

        return 0;
    }
}
