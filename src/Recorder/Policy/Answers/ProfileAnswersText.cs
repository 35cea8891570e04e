using System.Globalization;
using System.Text;

namespace SeccompRecorder.Policy.Answers;

/// <summary>
/// <see cref="ProfileAnswers"/> as the value of the <c>rules=</c> key of listenerMetadata, which splits its pairs on
/// newlines and ';', so neither appears here. Grammar (version 1), entries separated by one space:
/// <code>
/// value      = "v1" 1*(" " entry)
/// entry      = "*:" answer                      ; the profile's default answer (exactly once, first)
///            / name ":" otherwise *("/" rule)    ; a notified syscall
/// otherwise  = answer / "*"                     ; "*": the default answer
/// rule       = answer "@" cond *("," cond)       ; the first rule whose conditions all hold answers
/// cond       = index "." op "." value ["." value2]  ; value2 only with "me"
/// answer     = "e" errno / "k" / "kt" / "kp" / "a" / "l"   ; ERRNO, KILL, KILL_THREAD, KILL_PROCESS, ALLOW, LOG
/// op         = "ne" / "lt" / "le" / "eq" / "ge" / "gt" / "me"  ; SCMP_CMP_*, me = MASKED_EQ
/// </code>
/// Numbers are decimal; index 0-5; errno 0-4095; names [a-z0-9_], at most 64 characters. Pure; limits are checked
/// before anything is built.
/// </summary>
internal static class ProfileAnswersText
{
    public const string Key = "rules";
    public const string Version = "v1";

    /// <summary>The longest value accepted or written: far below the daemon's 1 MiB state message.</summary>
    public const int MaxLength = 64 * 1024;

    public const int MaxNameLength = 64;
    public const int MaxRulesPerSyscall = 64;
    public const int MaxConditionsPerRule = 6;

    public static string Format(ProfileAnswers answers)
    {
        var text = new StringBuilder(Version);
        text.Append(" *:");
        AppendAnswer(text, answers.Default);
        foreach ((string name, SyscallAnswer syscall) in answers.Syscalls.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!IsName(name))
            {
                throw new ArgumentException($"not a syscall name: \"{name}\"", nameof(answers));
            }

            text.Append(' ').Append(name).Append(':');
            if (syscall.Otherwise is { } otherwise)
            {
                AppendAnswer(text, otherwise);
            }
            else
            {
                text.Append('*');
            }

            foreach (ConditionalAnswer rule in syscall.Rules)
            {
                text.Append('/');
                AppendAnswer(text, rule.Answer);
                text.Append('@');
                for (int i = 0; i < rule.Conditions.Count; i++)
                {
                    ArgCondition c = rule.Conditions[i];
                    text.Append(i == 0 ? string.Empty : ",").Append(c.Index).Append('.').Append(ArgOperatorNames.Short(c.Op)).Append('.')
                        .Append(c.Value.ToString(CultureInfo.InvariantCulture));
                    if (c.Op == ArgOperator.MaskedEqual)
                    {
                        text.Append('.').Append(c.ValueTwo.ToString(CultureInfo.InvariantCulture));
                    }
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Reads a <c>rules=</c> value; on failure <paramref name="error"/> says what, quoting at most 40 characters of input.</summary>
    public static bool TryParse(string value, out ProfileAnswers? answers, out string error)
    {
        answers = null;
        if (value.Length > MaxLength)
        {
            error = $"longer than {MaxLength} characters";
            return false;
        }

        string[] entries = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length == 0 || entries[0] != Version)
        {
            error = $"does not start with \"{Version}\"";
            return false;
        }

        if (entries.Length < 2 || !entries[1].StartsWith("*:", StringComparison.Ordinal) || !TryParseAnswer(entries[1][2..], out SourceAnswer defaultAnswer))
        {
            error = "the default answer (\"*:ANSWER\") does not follow the version";
            return false;
        }

        var syscalls = new Dictionary<string, SyscallAnswer>(StringComparer.Ordinal);
        foreach (string entry in entries.AsSpan(2))
        {
            if (!TryParseEntry(entry, out string name, out SyscallAnswer? syscall))
            {
                error = $"bad entry \"{Clip(entry)}\"";
                return false;
            }

            if (!syscalls.TryAdd(name, syscall!))
            {
                error = $"\"{name}\" twice";
                return false;
            }
        }

        answers = new ProfileAnswers(defaultAnswer, syscalls);
        error = string.Empty;
        return true;
    }

    /// <summary>The <c>rules=</c> value among listenerMetadata's pairs (split as <see cref="PolicyResolver"/> splits them), or null.</summary>
    public static string? FindInMetadata(string metadata) => FindInMetadata(metadata, Key);

    /// <summary>The last value of <paramref name="key"/> (any case) among listenerMetadata's pairs, or null.</summary>
    public static string? FindInMetadata(string metadata, string key)
    {
        string? found = null;
        foreach (string pair in metadata.Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && string.Equals(pair[..equals].Trim(), key, StringComparison.OrdinalIgnoreCase))
            {
                found = pair[(equals + 1)..].Trim();
            }
        }

        return found;
    }

    private static bool TryParseEntry(string entry, out string name, out SyscallAnswer? syscall)
    {
        syscall = null;
        int colon = entry.IndexOf(':', StringComparison.Ordinal);
        name = colon > 0 ? entry[..colon] : string.Empty;
        if (!IsName(name))
        {
            return false;
        }

        string[] parts = entry[(colon + 1)..].Split('/');
        if (parts.Length - 1 > MaxRulesPerSyscall)
        {
            return false;
        }

        SourceAnswer? otherwise = null;
        if (parts[0] != "*")
        {
            if (!TryParseAnswer(parts[0], out SourceAnswer answer))
            {
                return false;
            }

            otherwise = answer;
        }

        var rules = new List<ConditionalAnswer>(parts.Length - 1);
        foreach (string part in parts.AsSpan(1))
        {
            int at = part.IndexOf('@', StringComparison.Ordinal);
            if (at < 0 || !TryParseAnswer(part[..at], out SourceAnswer answer) || !TryParseConditions(part[(at + 1)..], out List<ArgCondition> conditions))
            {
                return false;
            }

            rules.Add(new ConditionalAnswer(answer, conditions));
        }

        syscall = new SyscallAnswer(otherwise, rules);
        return true;
    }

    private static bool TryParseConditions(string text, out List<ArgCondition> conditions)
    {
        string[] items = text.Split(',');
        conditions = new List<ArgCondition>(items.Length);
        if (items.Length > MaxConditionsPerRule)
        {
            return false;
        }

        foreach (string item in items)
        {
            string[] fields = item.Split('.');
            if (fields.Length is < 3 or > 4
                || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index > ArgCondition.MaxIndex
                || !ArgOperatorNames.TryParseShort(fields[1], out ArgOperator op)
                || !ulong.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
                || (fields.Length == 4) != (op == ArgOperator.MaskedEqual))
            {
                return false;
            }

            ulong valueTwo = 0;
            if (fields.Length == 4 && !ulong.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out valueTwo))
            {
                return false;
            }

            conditions.Add(new ArgCondition(index, op, value, valueTwo));
        }

        return true;
    }

    private static bool TryParseAnswer(string text, out SourceAnswer answer)
    {
        answer = default;
        switch (text)
        {
            case "k": answer = new SourceAnswer(SourceAction.Kill); return true;
            case "kt": answer = new SourceAnswer(SourceAction.KillThread); return true;
            case "kp": answer = new SourceAnswer(SourceAction.KillProcess); return true;
            case "a": answer = SourceAnswer.Allow; return true;
            case "l": answer = new SourceAnswer(SourceAction.Log); return true;
        }

        if (text.Length is > 1 and <= 5 && text[0] == 'e'
            && int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int errno) && errno <= ErrnoNames.MaxErrno)
        {
            answer = SourceAnswer.Fail(errno);
            return true;
        }

        return false;
    }

    private static void AppendAnswer(StringBuilder text, SourceAnswer answer)
    {
        switch (answer.Action)
        {
            case SourceAction.Errno:
                if (answer.Errno is < 0 or > ErrnoNames.MaxErrno)
                {
                    throw new ArgumentOutOfRangeException(nameof(answer), answer.Errno, "errno out of range");
                }

                text.Append('e').Append(answer.Errno.ToString(CultureInfo.InvariantCulture));
                break;
            case SourceAction.Kill: text.Append('k'); break;
            case SourceAction.KillThread: text.Append("kt"); break;
            case SourceAction.KillProcess: text.Append("kp"); break;
            case SourceAction.Allow: text.Append('a'); break;
            case SourceAction.Log: text.Append('l'); break;
            default: throw new ArgumentOutOfRangeException(nameof(answer), answer.Action, null);
        }
    }

    private static bool IsName(string name) =>
        name.Length is > 0 and <= MaxNameLength && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
