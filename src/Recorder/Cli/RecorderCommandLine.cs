using System.CommandLine;

namespace SeccompRecorder.Cli;

/// <summary>The command tree: the daemon, and the client commands that talk to its API.</summary>
internal static class RecorderCommandLine
{
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
        return root;
    }

    /// <summary>
    /// Runs the command <paramref name="args"/> name. A daemon command line that does not parse is a bad setting like any
    /// other: one line and exit 2, not the parser's errors and help on stderr with exit 1.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args)
    {
        ParseResult parse = Create().Parse(args);
        if (parse.Errors.Count > 0 && parse.CommandResult.Command.Name == "daemon")
        {
            string errors = string.Join("; ", parse.Errors.Select(e => e.Message));
            await Console.Error.WriteLineAsync($"seccomp-recorder: invalid settings: {errors.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return 2;
        }

        return await parse.InvokeAsync().ConfigureAwait(false);
    }
}
