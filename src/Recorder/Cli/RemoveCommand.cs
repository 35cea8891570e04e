using System.CommandLine;
using Grpc.Core;
using SeccompRecorder.Cli.Output;
using SeccompRecorder.Grpc.Client;

namespace SeccompRecorder.Cli;

/// <summary><c>seccomp-recorder rm ID...</c>: forgets exited containers, in the daemon and its database.</summary>
internal static class RemoveCommand
{
    public static Command Create()
    {
        Argument<string[]> ids = new Argument<string[]>("ID") { Description = "Ids of exited containers, as ls prints them", Arity = ArgumentArity.OneOrMore }.RejectingOptions();
        Option<string?> api = ClientOptions.CreateApi();
        Option<uint> run = ClientOptions.CreateRun();
        Command command = new("rm", "Delete the recordings of exited containers (the newest run of each id unless --run says which)") { ids, api, run };
        command.SetAction((parse, cancellationToken) => ClientInvocation.RunAsync(
            parse,
            api,
            (client, ct) => RunAsync(client, parse.GetValue(ids)!, parse.GetValue(run), parse.InvocationConfiguration, ct),
            cancellationToken));
        return command;
    }

    /// <summary>Each id in turn, as docker rm does: one failure does not stop the rest, and makes the exit code 1.</summary>
    private static async Task<int> RunAsync(RecorderClient client, string[] ids, uint run, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        int exitCode = 0;
        foreach (string id in ids)
        {
            try
            {
                await client.DeleteContainerAsync(id, run, cancellationToken).ConfigureAwait(false);
                await CommandOutput.WriteAsync(console.Output, TextEscaper.Escape(id) + "\n").ConfigureAwait(false);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.InvalidArgument)
            {
                exitCode = await ClientInvocation.FailAsync(console.Error, e.Status.Detail).ConfigureAwait(false);
            }
        }

        return exitCode;
    }
}
