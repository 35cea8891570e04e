using System.CommandLine;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Cli.Output;
using SeccompRecorder.Grpc.Client;

namespace SeccompRecorder.Cli;

/// <summary><c>seccomp-recorder status</c>: the daemon's version, uptime and counters.</summary>
internal static class StatusCommand
{
    public static Command Create() => Create(TimeProvider.System);

    /// <param name="timeProvider">"Now" for the uptime.</param>
    public static Command Create(TimeProvider timeProvider)
    {
        Option<string?> api = ClientOptions.CreateApi();
        Option<string> output = ClientOptions.CreateOutput();
        Command command = new("status", "Show the daemon's version, uptime and counters") { api, output };
        command.SetAction((parse, cancellationToken) => ClientInvocation.RunAsync(
            parse,
            api,
            (client, ct) => RunAsync(client, ClientOptions.GetOutput(parse, output), parse.InvocationConfiguration.Output, timeProvider, ct),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        RecorderClient client, OutputFormat format, TextWriter output, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        Status status = await client.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        StatusView view = ViewMapper.ToView(status);
        DateTimeOffset now = timeProvider.GetUtcNow();
        string text = format == OutputFormat.Json ? StatusText.RenderJson(view, now) : StatusText.Render(view, now);
        await CommandOutput.WriteAsync(output, text).ConfigureAwait(false);
        return 0;
    }
}
