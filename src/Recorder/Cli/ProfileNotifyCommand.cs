using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using System.Text.Json.Nodes;
using SeccompRecorder.Cli.Output;
using SeccompRecorder.Hosting;
using SeccompRecorder.Policy;
using SeccompRecorder.Policy.Answers;
using SeccompRecorder.Profiles;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Cli;

/// <summary>
/// <c>seccomp-recorder profile notify SOURCE</c>: the notifying form of an enforcing profile (no daemon, no root).
/// Bad options are usage errors (exit 2); a SOURCE that cannot be read or converted fails with exit 1.
/// </summary>
internal static class ProfileNotifyCommand
{
    private const string ArchHelp = "x86_64, x86, x32, aarch64, arm";

    public static Command Create()
    {
        Argument<string> source = new("SOURCE")
        {
            Description = "An OCI linux.seccomp JSON file (or a whole config.json), a SeccompProfile as JSON, or runtime-default",
        };
        Option<string> listener = new("--listener") { HelpName = "path", Description = "The daemon's listener socket", DefaultValueFactory = _ => RecorderOptions.DefaultListener };
        Option<string?> archs = new("--arch")
        {
            Description = $"Comma-separated ({ArchHelp}): narrows the source's architectures [default: the source's; "
                + "runtime-default: x86_64 with x86 and x32; the first one given is runtime-default's host]",
        };
        archs.Validators.Add(result => Validate(result, ParseArchs));
        Option<string> metadata = new("--metadata")
        {
            Description = "listenerMetadata: policy=record|audit|log|stop and labels; the source's answers are added as rules=",
            DefaultValueFactory = _ => string.Empty,
        };
        metadata.Validators.Add(result => Validate(result, ValidateMetadata));
        Option<string?> caps = new("--caps")
        {
            Description = "runtime-default only: the container's capabilities, comma-separated [default: containerd's 14: "
                + string.Join(", ", RuntimeDefaultProfile.DefaultCapabilities) + "]",
        };
        caps.Validators.Add(result => Validate(result, ParseCaps));
        Option<bool> crio = new("--crio") { Description = "As CRI-O's notifier: only the source's explicit ERRNO and KILL rules become NOTIFY" };
        Command command = new("notify", "Print the notifying form of an enforcing profile: what it denies goes to the daemon")
        {
            source, listener, archs, metadata, caps, crio,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            InvocationConfiguration console = parse.InvocationConfiguration;
            string sourceName = parse.GetValue(source)!;
            List<SyscallArch>? narrowed = parse.GetValue(archs) is { } a ? ParseArchs(a, out _) : null;
            string? capsText = parse.GetValue(caps);
            SourceProfile? profile;
            if (sourceName == RuntimeDefaultProfile.SourceName)
            {
                IEnumerable<string> capabilities = capsText is null ? RuntimeDefaultProfile.DefaultCapabilities : ParseCaps(capsText, out _)!;
                profile = RuntimeDefaultProfile.Resolve(narrowed?[0] ?? SyscallArch.X86_64, capabilities);
            }
            else if (capsText is not null)
            {
                return await UsageAsync(console.Error, $"--caps applies to {RuntimeDefaultProfile.SourceName} only").ConfigureAwait(false);
            }
            else
            {
                string text;
                try
                {
                    text = await File.ReadAllTextAsync(sourceName, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return await ClientInvocation.FailAsync(console.Error, $"SOURCE \"{sourceName}\": {e.Message}").ConfigureAwait(false);
                }

                if (!SourceProfileReader.TryRead(text, out profile, out string readError))
                {
                    return await ClientInvocation.FailAsync(console.Error, $"SOURCE \"{sourceName}\": {readError}").ConfigureAwait(false);
                }
            }

            if (!TryChooseArchs(profile!, narrowed, out List<SyscallArch> chosen, out List<string> notes, out string archError))
            {
                return await UsageAsync(console.Error, archError).ConfigureAwait(false);
            }

            if (!NotifyConversion.TryConvert(profile!, chosen, parse.GetValue(crio), out NotifyProfile? converted, out string convertError))
            {
                return await ClientInvocation.FailAsync(console.Error, $"SOURCE \"{sourceName}\": {convertError}").ConfigureAwait(false);
            }

            string[] architectures = [.. chosen.Select(arch => SeccompArchitectures.TryGetName(arch, out string name) ? name : string.Empty)];
            // The daemon explains runtime-default's violations with its reasons (issue 16): it learns them from here.
            string metadataText = parse.GetValue(metadata)!;
            if (sourceName == RuntimeDefaultProfile.SourceName && ProfileAnswersText.FindInMetadata(metadataText, ViolationReasons.Key) is null)
            {
                metadataText = metadataText.Length == 0
                    ? $"{ViolationReasons.Key}={ViolationReasons.RuntimeDefaultName}"
                    : $"{metadataText.TrimEnd('\n', ';')}\n{ViolationReasons.Key}={ViolationReasons.RuntimeDefaultName}";
            }

            JsonObject json = converted!.ToJson(parse.GetValue(listener)!, metadataText, architectures);
            await CommandOutput.WriteAsync(console.Output, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, NewLine = "\n" }) + "\n").ConfigureAwait(false);
            foreach (string note in notes.Concat(converted.Notes))
            {
                await console.Error.WriteAsync($"note: {TextEscaper.Escape(note)}\n").ConfigureAwait(false);
            }

            await console.Error.WriteAsync($"note: {converted.Notified.Count} syscalls notified\n").ConfigureAwait(false);
            await console.Error.FlushAsync().ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The source's architectures that our tables know, narrowed by <c>--arch</c>; a source that names none means the
    /// native one (x86_64 here). An arch the source does not name is a usage error: it would change what the profile allows.
    /// </summary>
    private static bool TryChooseArchs(SourceProfile profile, List<SyscallArch>? narrowed, out List<SyscallArch> chosen, out List<string> notes, out string error)
    {
        notes = [];
        chosen = [];
        var known = new List<SyscallArch>();
        foreach (string name in profile.Architectures)
        {
            SyscallArch? arch = Enum.GetValues<SyscallArch>().Cast<SyscallArch?>()
                .FirstOrDefault(a => SeccompArchitectures.TryGetName(a!.Value, out string n) && n == name);
            if (arch is null)
            {
                notes.Add($"architecture \"{NotifyConversion.Clip(name)}\" has no syscall table here: left out");
                continue;
            }

            known.Add(arch.Value);
        }

        if (profile.Architectures.Count == 0)
        {
            known.Add(SyscallArch.X86_64);
            notes.Add("the source names no architectures: x86_64 enumerated");
        }

        foreach (SyscallArch arch in narrowed ?? known)
        {
            if (!known.Contains(arch))
            {
                error = $"--arch: the source does not cover {arch.ToString().ToLowerInvariant()}";
                return false;
            }

            if (!chosen.Contains(arch))
            {
                chosen.Add(arch);
            }
        }

        error = string.Empty;
        if (chosen.Count == 0)
        {
            error = "no architecture of the source has a syscall table here";
            return false;
        }

        return true;
    }

    private static List<SyscallArch>? ParseArchs(string text, out string error)
    {
        var parsed = new List<SyscallArch>();
        foreach (string arch in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!ArchDecoder.TryParse(arch, out SyscallArch value))
            {
                error = $"--arch \"{arch}\": not one of {ArchHelp}";
                return null;
            }

            parsed.Add(value);
        }

        error = parsed.Count == 0 ? "--arch: at least one architecture" : string.Empty;
        return parsed.Count == 0 ? null : parsed;
    }

    private static List<string>? ParseCaps(string text, out string error)
    {
        List<string> caps = [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => c.ToUpperInvariant())];
        string? bad = caps.FirstOrDefault(c => !c.StartsWith("CAP_", StringComparison.Ordinal) || c.Length == 4 || !c.All(ch => char.IsAsciiLetterUpper(ch) || ch == '_'));
        error = bad is null ? string.Empty : $"--caps \"{bad}\": not a CAP_* name";
        return bad is null ? caps : null;
    }

    /// <summary>
    /// The policy and labels must be what the daemon reads without a problem: a typo in policy= would run as log.
    /// </summary>
    private static List<string>? ValidateMetadata(string text, out string error)
    {
        if (ProfileAnswersText.FindInMetadata(text) is not null)
        {
            error = $"--metadata: {ProfileAnswersText.Key}= is written by profile notify itself";
            return null;
        }

        var problems = new List<string>();
        PolicyResolver.Resolve(text, new Dictionary<string, string>(), PolicyDefaults.Standard, problems);
        if (problems.Count > 0)
        {
            error = $"--metadata: {problems[0]}";
            return null;
        }

        error = string.Empty;
        return [];
    }

    private delegate List<T>? Parser<T>(string text, out string error);

    private static void Validate<T>(OptionResult result, Parser<T> parser)
    {
        if (result.Tokens.Count > 0 && parser(result.Tokens[^1].Value, out string error) is null)
        {
            result.AddError(error);
        }
    }

    private static async Task<int> UsageAsync(TextWriter error, string message)
    {
        await error.WriteAsync($"seccomp-recorder: {TextEscaper.Escape(message)}\nRun 'seccomp-recorder profile notify --help' for usage.\n").ConfigureAwait(false);
        await error.FlushAsync().ConfigureAwait(false);
        return RecorderCommandLine.UsageExitCode;
    }
}
