using System.CommandLine;
using SeccompRecorder.Hosting;

namespace SeccompRecorder.Cli.Output;

/// <summary>The options every client command shares, as factories: each command owns its own instances.</summary>
internal static class ClientOptions
{
    public const string ApiVariable = "SECCOMP_RECORDER_API";

    public static Option<string?> CreateApi() => new("--api")
    {
        HelpName = "address",
        Description = $"The daemon's gRPC API: a Unix socket path or HOST:PORT [default: ${ApiVariable} or {RecorderOptions.DefaultApi}]",
    };

    /// <summary>Which run of a container id a command means; 0, the default, is the newest.</summary>
    public static Option<uint> CreateRun() => new("--run")
    {
        HelpName = "N",
        Description = "Which run of the id (a reused id is a new run: 1 is the first) [default: the newest]",
    };

    /// <summary>A string option, not the enum: help and completions then show "table" and "json" as typed.</summary>
    public static Option<string> CreateOutput()
    {
        Option<string> option = new("--output", "-o")
        {
            Description = "Output format",
            DefaultValueFactory = _ => "table",
        };
        option.AcceptOnlyFromAmong("table", "json");
        return option;
    }

    public static OutputFormat GetOutput(ParseResult parse, Option<string> option) =>
        parse.GetValue(option) == "json" ? OutputFormat.Json : OutputFormat.Table;

    /// <summary>--api, else $SECCOMP_RECORDER_API, else the daemon's default socket: the order the daemon reads them in.</summary>
    public static string ResolveApi(string? fromCommandLine) => ResolveApi(fromCommandLine, Environment.GetEnvironmentVariable);

    /// <param name="fromCommandLine">The --api value, or null.</param>
    /// <param name="getEnvironmentVariable">The environment, a parameter so tests need not change the process's own.</param>
    public static string ResolveApi(string? fromCommandLine, Func<string, string?> getEnvironmentVariable) =>
        fromCommandLine
        ?? (getEnvironmentVariable(ApiVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null)
        ?? RecorderOptions.DefaultApi;
}
