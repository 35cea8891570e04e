using System.CommandLine;
using SeccompRecorder.Grpc.Client;
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

    /// <summary>--tls-ca, --tls-cert and --tls-key: TLS to a host:port API whenever --tls-ca is given.</summary>
    public static IReadOnlyList<Option<string?>> CreateTls() =>
    [
        new(TlsCa) { HelpName = "file", Description = "PEM CA the daemon's certificate must be signed by: TLS to a HOST:PORT --api" },
        new(TlsCert) { HelpName = "file", Description = "PEM client certificate for the daemon's mutual TLS (with --tls-ca)" },
        new(TlsKey) { HelpName = "file", Description = "PEM private key of --tls-cert" },
    ];

    public const string TlsCa = "--tls-ca";
    public const string TlsCert = "--tls-cert";
    public const string TlsKey = "--tls-key";

    /// <summary>The TLS the options ask for: none without --tls-ca; an error text for a half-given pair.</summary>
    public static ClientTls? GetTls(ParseResult parse, out string? error)
    {
        string? ca = parse.GetValue<string?>(TlsCa);
        string? cert = parse.GetValue<string?>(TlsCert);
        string? key = parse.GetValue<string?>(TlsKey);
        error = null;
        if (ca is null)
        {
            error = cert is not null || key is not null ? $"{TlsCert} and {TlsKey} need {TlsCa} (TLS to a HOST:PORT --api)" : null;
            return null;
        }

        if ((cert is null) != (key is null))
        {
            error = $"{TlsCert} and {TlsKey} go together";
            return null;
        }

        return new ClientTls(ca, cert, key);
    }

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
