using System.Text.Json.Nodes;
using SeccompRecorder.Policy.Answers;

namespace SeccompRecorder.Profiles;

/// <summary>The rules, notified names, answers and notes of one <see cref="NotifyConversion"/>.</summary>
internal sealed class NotifyProfileBuilder
{
    private const string Write = "write";

    private readonly SourceProfile _source;
    private readonly SourceAnswer _default;
    private readonly List<JsonObject> _rules = [];
    private readonly SortedSet<string> _notified = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SyscallAnswer> _answers = new(StringComparer.Ordinal);
    private readonly List<string> _notes = [];
    private bool _rulesNotify;

    public NotifyProfileBuilder(SourceProfile source, SourceAnswer defaultAnswer)
    {
        _source = source;
        _default = defaultAnswer;
    }

    /// <summary>
    /// Every syscall the source denies becomes NOTIFY: <paramref name="known"/> (the tables' names) through the
    /// defaultAction, and every name of an explicit deny rule.
    /// </summary>
    public void ConvertEverything(IEnumerable<string> known)
    {
        Dictionary<string, List<SourceRule>> byName = new(StringComparer.Ordinal);
        foreach (SourceRule rule in _source.Rules)
        {
            foreach (string name in rule.Names.Distinct(StringComparer.Ordinal))
            {
                (byName.TryGetValue(name, out List<SourceRule>? list) ? list : byName[name] = []).Add(rule);
            }
        }

        // Kept rules keep their source order, each with the names it decides.
        var kept = new Dictionary<SourceRule, List<string>>(ReferenceEqualityComparer.Instance);
        foreach ((string name, List<SourceRule> rules) in byName)
        {
            // libseccomp: an unconditional rule wins over conditional ones for the same syscall.
            SourceRule? unconditional = rules.FirstOrDefault(r => r.Args.Count == 0);
            if (unconditional is not null)
            {
                if (NotifyConversion.TryAnswer(unconditional.Action, unconditional.ErrnoRet, out SourceAnswer? answer) && answer!.Value.Denies)
                {
                    NotifyOrKeepWrite(name, [unconditional], answer == _default ? null : new SyscallAnswer(answer, []));
                }
                else if (unconditional.Action == "SCMP_ACT_NOTIFY")
                {
                    _notes.Add($"{name}: the source already notifies it (another listener): now notified here, answered by the default");
                    NotifyOrKeepWrite(name, [unconditional], null);
                }
                else
                {
                    (kept.TryGetValue(unconditional, out List<string>? names) ? names : kept[unconditional] = []).Add(name);
                }

                continue;
            }

            var conditional = new List<ConditionalAnswer>(rules.Count);
            foreach (SourceRule rule in rules)
            {
                if (!NotifyConversion.TryAnswer(rule.Action, rule.ErrnoRet, out SourceAnswer? answer))
                {
                    _notes.Add($"{name}: a conditional {rule.Action} rule cannot be answered by the daemon: its rules stay as the source says");
                    conditional = null;
                    break;
                }

                conditional.Add(new ConditionalAnswer(answer!.Value, rule.Args));
            }

            if (conditional is null)
            {
                foreach (SourceRule rule in rules)
                {
                    _rules.Add(RuleJson(rule, [name], rule.Action));
                }

                continue;
            }

            NotifyOrKeepWrite(name, rules, new SyscallAnswer(null, conditional));
        }

        foreach (SourceRule rule in _source.Rules)
        {
            if (kept.TryGetValue(rule, out List<string>? names))
            {
                _rules.Add(RuleJson(rule, names, rule.Action));
            }
        }

        if (_default.Denies)
        {
            foreach (string name in known)
            {
                if (!byName.ContainsKey(name))
                {
                    NotifyOrKeepWrite(name, [], null);
                }
            }
        }
    }

    /// <summary>CRI-O's notifier: explicit ERRNO and KILL* rules become NOTIFY (arguments kept), nothing else changes.</summary>
    public void ConvertExplicitRules()
    {
        _rulesNotify = true;
        foreach (SourceRule rule in _source.Rules)
        {
            if (!NotifyConversion.TryAnswer(rule.Action, rule.ErrnoRet, out SourceAnswer? answer) || !answer!.Value.Denies)
            {
                _rules.Add(RuleJson(rule, rule.Names, rule.Action));
                continue;
            }

            string[] names = [.. rule.Names.Where(n => n != Write)];
            if (names.Length < rule.Names.Count)
            {
                _notes.Add(WriteNote);
                _rules.Add(RuleJson(rule, [Write], rule.Action));
            }

            _rules.Add(RuleJson(rule, names, "SCMP_ACT_NOTIFY"));
            foreach (string name in names)
            {
                _notified.Add(name);
                SyscallAnswer? previous = _answers.GetValueOrDefault(name);
                _answers[name] = rule.Args.Count == 0
                    ? new SyscallAnswer(previous?.Otherwise ?? answer, previous?.Rules ?? [])
                    : new SyscallAnswer(previous?.Otherwise, [.. previous?.Rules ?? [], new ConditionalAnswer(answer.Value, rule.Args)]);
            }
        }

        // An unconditional answer equal to the default need not travel.
        foreach ((string name, SyscallAnswer syscall) in _answers.ToArray())
        {
            if (syscall.Rules.Count == 0 && syscall.Otherwise == _default)
            {
                _answers.Remove(name);
            }
        }
    }

    public NotifyProfile Build()
    {
        var rules = new List<JsonObject>(_rules);
        string[] notified = [.. _notified];
        if (!_rulesNotify && notified.Length > 0)
        {
            rules.Add(new JsonObject
            {
                ["names"] = new JsonArray([.. notified.Select(n => (JsonNode?)JsonValue.Create(n))]),
                ["action"] = "SCMP_ACT_NOTIFY",
            });
        }

        ProfileAnswers? answers = notified.Length == 0 ? null : new ProfileAnswers(_default, new Dictionary<string, SyscallAnswer>(_answers, StringComparer.Ordinal));
        return new NotifyProfile(_source.DefaultAction, _source.DefaultErrnoRet, rules, notified, answers, _notes.Distinct().ToArray());
    }

    /// <summary>Said when write(2) would be notified: it keeps the source's rules.</summary>
    public const string WriteNote =
        "write is not notified: runc refuses SCMP_ACT_NOTIFY for it (its init needs write to hand the fd over); it stays as the source says";

    private void NotifyOrKeepWrite(string name, IReadOnlyList<SourceRule> rules, SyscallAnswer? answer)
    {
        if (name == Write)
        {
            _notes.Add(WriteNote);
            foreach (SourceRule rule in rules)
            {
                _rules.Add(RuleJson(rule, [Write], rule.Action));
            }

            return;
        }

        _notified.Add(name);
        if (answer is not null)
        {
            _answers[name] = answer;
        }
    }

    private static JsonObject RuleJson(SourceRule rule, IEnumerable<string> names, string action)
    {
        var json = new JsonObject
        {
            ["names"] = new JsonArray([.. names.Select(n => (JsonNode?)JsonValue.Create(n))]),
            ["action"] = action,
        };
        if (rule.ErrnoRet is { } errno && action is "SCMP_ACT_ERRNO" or "SCMP_ACT_TRACE")
        {
            json["errnoRet"] = errno;
        }

        if (rule.Args.Count > 0)
        {
            json["args"] = new JsonArray([.. rule.Args.Select(a => (JsonNode?)new JsonObject
            {
                ["index"] = a.Index,
                ["value"] = a.Value,
                ["valueTwo"] = a.ValueTwo,
                ["op"] = ArgOperatorNames.Oci(a.Op),
            })]);
        }

        return json;
    }
}
