using System.CommandLine;
using Grpc.Core;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Cli.Output;
using SeccompRecorder.Grpc.Client;

namespace SeccompRecorder.Cli;

/// <summary><c>seccomp-recorder show ID</c>: one container's details and every syscall it made.</summary>
internal static class ShowCommand
{
    public static Command Create() => Create(TimeProvider.System);

    /// <param name="timeProvider">"Now" for the relative times of the table.</param>
    public static Command Create(TimeProvider timeProvider)
    {
        Argument<string> id = new("ID") { Description = "The container's id, as ls prints it" };
        Option<string?> api = ClientOptions.CreateApi();
        Option<string> output = ClientOptions.CreateOutput();
        Option<uint> run = ClientOptions.CreateRun();
        Option<uint> executables = new("--executables")
        {
            HelpName = "N",
            Description = "How many executables to show, the busiest first (at most 66: all a container can have) [default: 16]",
        };
        Command command = new("show", "Show one container, the syscalls it made, most frequent first, and which executable made them") { id, api, output, run, executables };
        command.SetAction((parse, cancellationToken) => ClientInvocation.RunAsync(
            parse,
            api,
            (client, ct) => RunAsync(client, parse.GetValue(id)!, parse.GetValue(run), parse.GetValue(executables), ClientOptions.GetOutput(parse, output), parse.InvocationConfiguration, timeProvider, ct),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        RecorderClient client,
        string id,
        uint run,
        uint maxExecutables,
        OutputFormat format,
        InvocationConfiguration console,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        Container container;
        try
        {
            container = await client.GetContainerAsync(id, run, maxExecutables, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return await ClientInvocation.FailAsync(console.Error, e.Status.Detail).ConfigureAwait(false);
        }

        ContainerView view = ViewMapper.ToView(container);
        string text = format == OutputFormat.Json
            ? ContainerJson.RenderDetails(view)
            : ContainerText.RenderDetails(view, timeProvider.GetUtcNow());
        await CommandOutput.WriteAsync(console.Output, text).ConfigureAwait(false);
        return 0;
    }
}
