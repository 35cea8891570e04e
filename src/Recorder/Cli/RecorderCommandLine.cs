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
}
