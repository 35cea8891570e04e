using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Cli.Output;
using SeccompRecorder.Grpc.Client;
using SeccompRecorder.Hosting;
using SeccompRecorder.Profiles;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Cli;

/// <summary>
/// <c>seccomp-recorder profile export ID...</c>: an enforcing profile from recordings (the daemon renders it);
/// <c>seccomp-recorder profile template</c>: the notify-everything profile to record under (no daemon needed);
/// <c>profile notify</c>: <see cref="ProfileNotifyCommand"/>.
/// </summary>
internal static class ProfileCommand
{
    public static Command Create()
    {
        Command command = new("profile", "Seccomp profiles: the template to record under, and enforcing profiles exported from recordings");
        command.Subcommands.Add(CreateExport());
        command.Subcommands.Add(CreateTemplate());
        command.Subcommands.Add(ProfileNotifyCommand.Create());
        return command;
    }

    private static Command CreateExport()
    {
        Argument<string[]> ids = new Argument<string[]>("ID") { Description = "Containers whose recordings are merged (union)", Arity = ArgumentArity.OneOrMore }.RejectingOptions();
        Option<string> format = new("--format") { Description = "oci: the linux.seccomp JSON; spo: a Security Profiles Operator SeccompProfile", DefaultValueFactory = _ => "oci" };
        format.AcceptOnlyFromAmong("oci", "spo");
        Option<string> apiVersion = new("--spo-api-version") { Description = "apiVersion of the SeccompProfile (spo only): v1 (SPO 1.0 and later) or v1beta1 (older operators)", DefaultValueFactory = _ => "v1" };
        apiVersion.AcceptOnlyFromAmong("v1", "v1beta1");
        Option<string?> name = new("--name") { Description = "metadata.name of the SeccompProfile [default: from the first ID]" };
        Option<string> errno = new("--default-errno") { Description = "The errno denied calls get: a name or a number", DefaultValueFactory = _ => "EPERM" };
        // --file, not --output: --output is table|json for every command, and a profile is the JSON or YAML it is.
        Option<string?> file = new("--file", "-f") { HelpName = "path", Description = "Write the profile to this file instead of standard output" };
        Option<bool> seenOnly = new("--seen-only")
        {
            Description = "Only the syscalls that were seen: leave out those each container's own profile allowed without notifying (to tighten a profile)",
        };
        Option<bool> args = new("--args")
        {
            Description = "Allow the syscalls recorded with argument values (socket domain and type, clone flags, ioctl request...) for those values only",
        };
        Option<string?> executablesFile = new("--executables-file")
        {
            HelpName = "path",
            Description = "Write which program made the calls to this file, one line each (default: standard error for oci; spo lists them in comments)",
        };
        Option<string?> api = ClientOptions.CreateApi();
        Option<uint> run = ClientOptions.CreateRun();
        Command command = new("export", "Print an enforcing profile that allows what the containers did, and nothing else")
        {
            ids, format, apiVersion, name, errno, seenOnly, args, file, executablesFile, api, run,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new ExportProfileRequest
            {
                Format = parse.GetValue(format) == "spo" ? Api.V1.ProfileFormat.Spo : Api.V1.ProfileFormat.Oci,
                Name = parse.GetValue(name) ?? string.Empty,
                DefaultErrno = parse.GetValue(errno)!,
                Run = parse.GetValue(run),
                SeenOnly = parse.GetValue(seenOnly),
                Args = parse.GetValue(args),
                SpoApiVersion = parse.GetValue(apiVersion) == "v1beta1" ? Api.V1.SpoApiVersion.V1Beta1 : Api.V1.SpoApiVersion.V1,
            };
            request.ContainerIds.AddRange(parse.GetValue(ids)!);
            return ClientInvocation.RunAsync(
                parse, api, (client, ct) => ExportAsync(client, request, parse.GetValue(file), parse.GetValue(executablesFile), parse.InvocationConfiguration, ct), cancellationToken);
        });
        return command;
    }

    private static async Task<int> ExportAsync(
        RecorderClient client, ExportProfileRequest request, string? outputFile, string? executablesFile, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        ExportProfileResponse response = await client.ExportProfileAsync(request, cancellationToken).ConfigureAwait(false);
        foreach (string warning in response.Warnings)
        {
            await console.Error.WriteAsync($"warning: {TextEscaper.Escape(warning)}\n").ConfigureAwait(false);
        }

        // Never inside the OCI profile: a JSON object has no comments, and a runtime reads every member it knows.
        string executables = ExecutableLines.Render(response);
        if (executablesFile is not null)
        {
            try
            {
                await File.WriteAllTextAsync(executablesFile, executables, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return await ClientInvocation.FailAsync(console.Error, $"--executables-file \"{executablesFile}\": {e.Message}").ConfigureAwait(false);
            }
        }
        else if (response.Format != Api.V1.ProfileFormat.Spo)
        {
            await console.Error.WriteAsync(executables).ConfigureAwait(false);
        }

        await console.Error.FlushAsync().ConfigureAwait(false);
        if (outputFile is null)
        {
            await CommandOutput.WriteAsync(console.Output, response.Profile).ConfigureAwait(false);
            return 0;
        }

        try
        {
            await File.WriteAllTextAsync(outputFile, response.Profile, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return await ClientInvocation.FailAsync(console.Error, $"--file \"{outputFile}\": {e.Message}").ConfigureAwait(false);
        }

        return 0;
    }

    private static Command CreateTemplate()
    {
        Option<string> listener = new("--listener") { HelpName = "path", Description = "The daemon's listener socket", DefaultValueFactory = _ => RecorderOptions.DefaultListener };
        Option<string> archs = new("--arch") { Description = "Comma-separated: x86_64, x86, x32, aarch64, arm", DefaultValueFactory = _ => "x86_64" };
        Option<string> metadata = new("--metadata") { Description = "listenerMetadata: the policy and labels the daemon reads", DefaultValueFactory = _ => string.Empty };
        Command command = new("template", "Print the linux.seccomp object that routes every known syscall to the daemon, to record under") { listener, archs, metadata };
        command.SetAction(async (parse, cancellationToken) =>
        {
            InvocationConfiguration console = parse.InvocationConfiguration;
            var parsed = new List<SyscallArch>();
            foreach (string arch in parse.GetValue(archs)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!ArchDecoder.TryParse(arch, out SyscallArch value))
                {
                    return await ClientInvocation.FailAsync(console.Error, $"--arch \"{arch}\": not one of x86_64, x86, x32, aarch64, arm").ConfigureAwait(false);
                }

                parsed.Add(value);
            }

            if (parsed.Count == 0)
            {
                return await ClientInvocation.FailAsync(console.Error, "--arch: at least one architecture").ConfigureAwait(false);
            }

            JsonObject template = SeccompProfileJson.Template(parse.GetValue(listener)!, parse.GetValue(metadata)!, parsed);
            string text = template.ToJsonString(new JsonSerializerOptions { WriteIndented = true, NewLine = "\n" }) + "\n";
            await CommandOutput.WriteAsync(console.Output, text).ConfigureAwait(false);
            await console.Error.WriteAsync(WriteNote).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>Said on stderr with every template: the one call it leaves out, and why it stays out for crun too.</summary>
    internal const string WriteNote =
        "note: write is not notified: runc refuses SCMP_ACT_NOTIFY for it (its init needs write to hand the fd over). "
        + "crun accepts it, but then every write of the container waits on this daemon; add it by hand only for crun.\n";
}
