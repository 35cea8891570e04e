using System.CommandLine;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Cli.Output;
using SeccompRecorder.Demo;

namespace SeccompRecorder.Cli;

/// <summary><c>seccomp-recorder demo</c>: record a real busybox container under runc, in a temporary directory.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        Option<bool> keep = new("--keep") { Description = "Keep the temporary directory (bundle, sockets) for a look afterwards" };
        Command command = new("demo", "Run a busybox container under runc against a temporary daemon and show what it recorded") { keep };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(keep), parse.InvocationConfiguration, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(bool keep, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        DemoPrerequisites machine = DemoPrerequisites.Probe();
        IReadOnlyList<string> missing = machine.Missing();
        if (missing.Count > 0)
        {
            return await ClientInvocation.FailAsync(
                console.Error, "the demo needs what this machine lacks (nothing was installed):\n  " + string.Join("\n  ", missing)).ConfigureAwait(false);
        }

        string directory = Directory.CreateTempSubdirectory("seccomp-recorder-demo-").FullName;
        try
        {
            Container container = await new DemoRunner(machine, console.Output).RunAsync(directory, cancellationToken).ConfigureAwait(false);
            await console.Output.WriteLineAsync().ConfigureAwait(false);
            await CommandOutput.WriteAsync(console.Output, ContainerText.RenderDetails(ViewMapper.ToView(container), DateTimeOffset.UtcNow)).ConfigureAwait(false);
            return 0;
        }
        catch (global::Grpc.Core.RpcException e)
        {
            return await ClientInvocation.FailAsync(console.Error, $"{ClientInvocation.StatusName(e.StatusCode)}: {e.Status.Detail}").ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException or Grpc.Client.RecorderUnavailableException)
        {
            return await ClientInvocation.FailAsync(console.Error, e.Message).ConfigureAwait(false);
        }
        finally
        {
            if (keep)
            {
                await console.Output.WriteLineAsync($"kept: {directory}").ConfigureAwait(false);
            }
            else
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
