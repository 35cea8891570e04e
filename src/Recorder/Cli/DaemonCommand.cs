using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SeccompRecorder.Hosting;

namespace SeccompRecorder.Cli;

/// <summary><c>seccomp-recorder daemon</c>: runs the agent, the notify threads and the API until SIGTERM.</summary>
internal static class DaemonCommand
{
    private static readonly Option<string?> s_config = new("--config") { Description = $"JSON settings file [default: {RecorderOptions.DefaultConfigFile} if it exists]" };
    private static readonly Option<string?> s_logLevel = new("--log-level") { Description = "Trace, Debug, Information, Warning, Error, Critical or None [default: Information]" };

    // One option per setting of the table, made from it: the flag is written once, there.
    private static readonly IReadOnlyList<(DaemonSetting Setting, Option Option)> s_settings =
        [.. SettingNames.All.Select(setting => (setting, CreateOption(setting)))];

    public static Command Create()
    {
        Command command = new("daemon", "Run the seccomp agent daemon (as root, in the host pid namespace)");
        foreach ((_, Option option) in s_settings)
        {
            command.Options.Add(option);
        }

        command.Options.Add(s_config);
        command.Options.Add(s_logLevel);
        command.SetAction(RunAsync);
        return command;
    }

    private static Option CreateOption(DaemonSetting setting) => setting.Kind switch
    {
        SettingKind.Switch => new Option<bool>(setting.Flag) { Description = setting.Description },
        SettingKind.List => new Option<string[]>(setting.Flag) { Description = setting.Description },
        _ => new Option<string?>(setting.Flag) { Description = setting.Description },
    };

    /// <summary>The value given on the command line as the settings file would hold it; null when not given.</summary>
    private static string? CommandLineValue(ParseResult parse, DaemonSetting setting, Option option) => option switch
    {
        Option<bool> flag => parse.GetValue(flag) ? "true" : null,
        Option<string[]> list => parse.GetValue(list) is { Length: > 0 } values ? string.Join(',', values) : null,
        Option<string?> text => parse.GetValue(text),
        _ => throw new InvalidOperationException($"{setting.Flag}: an option of kind {setting.Kind} has no reader"),
    };

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (!TryReadSettings(parse, out DaemonSettings? settings, out IConfiguration? configuration, out LogLevel logLevel, out string? error))
        {
            // One line whatever a value held: the reason is for an operator's terminal or the journal.
            await Console.Error.WriteLineAsync($"seccomp-recorder: invalid settings: {error.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return 2;
        }

        WebApplication app = DaemonHost.Build(settings, logLevel, configuration);
        await using (app.ConfigureAwait(false))
        {
            ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SeccompRecorder");
            try
            {
                DaemonHost.CheckKernelAbi(logger);
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or TimeoutException or Native.ErrnoException or InvalidOperationException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"seccomp-recorder: {e.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
                return 1;
            }
        }
    }

    /// <summary>Every source merged and read once; <paramref name="error"/> names each bad setting where it was given.</summary>
    private static bool TryReadSettings(
        ParseResult parse,
        [NotNullWhen(true)] out DaemonSettings? settings,
        [NotNullWhen(true)] out IConfiguration? configuration,
        out LogLevel logLevel,
        [NotNullWhen(false)] out string? error)
    {
        settings = null;
        configuration = null;
        logLevel = LogLevel.Information;
        if (parse.GetValue(s_logLevel) is { } logLevelText && !TryParseLogLevel(logLevelText, out logLevel))
        {
            error = $"{s_logLevel.Name}: {SettingText.Quote(logLevelText)} is not Trace, Debug, Information, Warning, Error, Critical or None";
            return false;
        }

        Dictionary<string, string> origins = [];
        string? configFile = parse.GetValue(s_config) ?? Environment.GetEnvironmentVariable("SECCOMP_RECORDER_CONFIG");
        try
        {
            configuration = BuildConfiguration(parse, configFile, origins);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
        {
            // The JSON provider names the file; what is wrong with it is in the inner exception.
            error = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
            return false;
        }

        string file = configFile is not null ? Path.GetFullPath(configFile) : RecorderOptions.DefaultConfigFile;
        return RecorderOptionsReader.TryRead(configuration, key => origins.GetValueOrDefault(key) ?? $"{key} in {file}", out settings, out error);
    }

    private static bool TryParseLogLevel(string text, out LogLevel level)
    {
        level = LogLevel.Information;
        // Names only: Enum.TryParse would also take "7" and "1,2".
        return text.Length > 0 && text.All(char.IsAsciiLetter) && Enum.TryParse(text, ignoreCase: true, out level);
    }

    /// <param name="origins">Filled with the flag or variable each key given on the command line or in the environment came from.</param>
    private static IConfiguration BuildConfiguration(ParseResult parse, string? configFile, Dictionary<string, string> origins)
    {
        ConfigurationBuilder builder = new();
        if (configFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }
        else if (File.Exists(RecorderOptions.DefaultConfigFile))
        {
            builder.AddJsonFile(RecorderOptions.DefaultConfigFile, optional: true, reloadOnChange: false);
        }

        Dictionary<string, string?> overrides = [];
        foreach (DaemonSetting setting in SettingNames.All)
        {
            if (setting.Variable is { } variable && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                overrides[setting.Key] = value;
                origins[setting.Key] = variable;
            }
        }

        foreach ((DaemonSetting setting, Option option) in s_settings)
        {
            if (CommandLineValue(parse, setting, option) is { } value)
            {
                overrides[setting.Key] = value;
                origins[setting.Key] = setting.Flag;
            }
        }

        builder.AddInMemoryCollection(overrides);
        return builder.Build();
    }
}
