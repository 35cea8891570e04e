using System.CommandLine;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Cli.Output;
using SeccompRecorder.Grpc.Client;

namespace SeccompRecorder.Cli;

/// <summary><c>seccomp-recorder ls</c>: one line per container the daemon knows, like docker ps.</summary>
internal static class ListCommand
{
    public static Command Create() => Create(TimeProvider.System);

    /// <param name="timeProvider">"Now" for the relative times of the table.</param>
    public static Command Create(TimeProvider timeProvider)
    {
        Option<string?> api = ClientOptions.CreateApi();
        Option<string> output = ClientOptions.CreateOutput();
        Option<bool> noTrunc = new("--no-trunc") { Description = "Print whole ids (the table cuts 64-character ids to 12, as podman ps does)" };
        Command command = new("ls", "List the containers the daemon has recorded, one line per run") { api, output, noTrunc };
        command.Aliases.Add("list");
        command.SetAction((parse, cancellationToken) => ClientInvocation.RunAsync(
            parse,
            api,
            (client, ct) => RunAsync(client, ClientOptions.GetOutput(parse, output), !parse.GetValue(noTrunc), parse.InvocationConfiguration.Output, timeProvider, ct),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        RecorderClient client, OutputFormat format, bool truncate, TextWriter output, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        IReadOnlyList<Container> containers = await client.ListContainersAsync(cancellationToken).ConfigureAwait(false);
        // Oldest first, like a log of arrivals; the daemon's order is whatever its dictionary gives.
        List<ContainerView> views = containers.Select(ViewMapper.ToView)
            .OrderBy(c => c.FirstSeen)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ThenBy(c => c.Run)
            .ToList();
        string text = format == OutputFormat.Json
            ? ContainerJson.RenderList(views)
            : ContainerText.RenderList(views, timeProvider.GetUtcNow(), truncate);
        await CommandOutput.WriteAsync(output, text).ConfigureAwait(false);
        return 0;
    }
}
