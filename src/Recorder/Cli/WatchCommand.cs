using System.CommandLine;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Cli.Output;
using SeccompRecorder.Grpc.Client;

namespace SeccompRecorder.Cli;

/// <summary>
/// <c>seccomp-recorder watch [ID]</c>: events as they happen, one line each, until Ctrl+C or SIGTERM
/// (a normal way to stop: exit 0) or until the daemon ends the stream. An ID the daemon does not know is an error
/// unless <c>--wait</c> asks to wait for its container.
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
        Option<bool> wait = new("--wait") { Description = "Watch an ID the daemon does not know yet, for a container still to come [default: an unknown ID is an error]" };
        Option<string?> api = ClientOptions.CreateApi();
        Option<string> output = ClientOptions.CreateOutput();
        Command command = new("watch", "Print events as they happen: attach, exec, exit, first-seen syscalls, violations, stops") { id, wait, api, output };
        command.SetAction((parse, cancellationToken) => ClientInvocation.RunAsync(
            parse,
            api,
            (client, ct) => RunAsync(client, parse.GetValue(id), parse.GetValue(wait), ClientOptions.GetOutput(parse, output), parse.InvocationConfiguration.Output, ct),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        RecorderClient client, string? containerId, bool waitForUnknown, OutputFormat format, TextWriter output, CancellationToken cancellationToken)
    {
        if (containerId is not null && !waitForUnknown)
        {
            // A typo would otherwise wait forever for events that never come: an unknown id is NOT_FOUND (exit 1), as for show.
            _ = await client.GetContainerAsync(containerId, cancellationToken).ConfigureAwait(false);
        }

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
