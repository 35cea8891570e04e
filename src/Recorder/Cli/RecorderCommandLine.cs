using System.CommandLine;
using SeccompRecorder.Cli.Output;

namespace SeccompRecorder.Cli;

/// <summary>The command tree: the daemon, and the client commands that talk to its API.</summary>
internal static class RecorderCommandLine
{
    /// <summary>A command line that does not parse, as POSIX tools and kubectl report it.</summary>
    public const int UsageExitCode = 2;

    public static RootCommand Create()
    {
        RootCommand root = new("seccomp-recorder: records the syscalls containers make through seccomp user notification");
        root.Subcommands.Add(DaemonCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(ShowCommand.Create());
        root.Subcommands.Add(RemoveCommand.Create());
        root.Subcommands.Add(WatchCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(ProfileCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        foreach (Command client in ClientCommands(root))
        {
            foreach (Option<string?> tls in ClientOptions.CreateTls())
            {
                client.Options.Add(tls);
            }
        }

        return root;
    }

    public static Task<int> InvokeAsync(string[] args) => InvokeAsync(args, new InvocationConfiguration(), CancellationToken.None);

    /// <summary>
    /// Runs the command <paramref name="args"/> name. A command line that does not parse is a usage error: one line naming
    /// what is wrong and one saying where help is, on stderr, and exit 2; not the parser's errors and the whole help with
    /// exit 1. For the daemon that is a bad setting like any other.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration configuration, CancellationToken cancellationToken)
    {
        ParseResult parse = Create().Parse(args);
        if (parse.Errors.Count == 0)
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }

        string errors = string.Join("; ", parse.Errors.Select(e => e.Message)).ReplaceLineEndings(" ");
        TextWriter error = configuration.Error;
        if (parse.CommandResult.Command.Name == "daemon")
        {
            await error.WriteAsync($"seccomp-recorder: invalid settings: {errors}\n").ConfigureAwait(false);
        }
        else
        {
            string command = string.Join(' ', CommandPath(parse.CommandResult));
            await error.WriteAsync($"seccomp-recorder: {errors}\nRun '{command} --help' for usage.\n").ConfigureAwait(false);
        }

        await error.FlushAsync().ConfigureAwait(false);
        return UsageExitCode;
    }

    /// <summary>The commands that call the API (they have --api; the daemon's --api is its own socket): each takes --tls-*.</summary>
    private static IEnumerable<Command> ClientCommands(Command command)
    {
        foreach (Command sub in command.Subcommands)
        {
            if (sub.Name == "daemon")
            {
                continue;
            }

            if (sub.Options.Any(o => o.Name == "--api"))
            {
                yield return sub;
            }

            foreach (Command nested in ClientCommands(sub))
            {
                yield return nested;
            }
        }
    }

    /// <summary>"seccomp-recorder profile export": the names from the root down to the command that was parsed.</summary>
    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult command)
    {
        var names = new Stack<string>();
        for (System.CommandLine.Parsing.SymbolResult? result = command; result is not null; result = result.Parent)
        {
            if (result is System.CommandLine.Parsing.CommandResult { Command: var c })
            {
                names.Push(c is RootCommand ? "seccomp-recorder" : c.Name);
            }
        }

        return names;
    }
}
