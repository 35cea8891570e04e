using System.Collections.Concurrent;
using SeccompRecorder.Policy.Answers;

namespace SeccompRecorder.Policy;

/// <summary>
/// Makes a container's <see cref="ContainerPolicy"/> from its resolved policy and listenerMetadata, when it attaches
/// and when a stored or handed-over recording is restored: the source's answers (<c>rules=</c>) are parsed here, once,
/// never per call. Containers started from the same profile share one <see cref="AnswerTable"/>.
/// </summary>
internal sealed class ContainerPolicyFactory
{
    // One table per distinct rules= text; a node runs few profiles. Past the bound tables are built per container.
    private const int MaxCachedTables = 64;

    private readonly ConcurrentDictionary<string, AnswerTable> _tables = new(StringComparer.Ordinal);

    public ContainerPolicyFactory(ExpectedDenials expected) => Expected = expected;

    /// <summary>With the built-in expected denials.</summary>
    public static ContainerPolicyFactory Standard { get; } = new(ExpectedDenials.BuiltIn);

    public ExpectedDenials Expected { get; }

    /// <summary>What in <paramref name="metadata"/> could not be used goes to <paramref name="problems"/>: the container is served without it.</summary>
    public ContainerPolicy Create(EffectivePolicy policy, string metadata, List<string> problems)
    {
        AnswerTable? table = null;
        if (ProfileAnswersText.FindInMetadata(metadata) is { } rules)
        {
            if (_tables.TryGetValue(rules, out AnswerTable? cached))
            {
                table = cached;
            }
            else if (ProfileAnswersText.TryParse(rules, out ProfileAnswers? answers, out string error))
            {
                table = new AnswerTable(answers!, Expected);
                if (_tables.Count < MaxCachedTables)
                {
                    _tables.TryAdd(rules, table);
                }
            }
            else
            {
                problems.Add($"{ProfileAnswersText.Key}= in listenerMetadata: {error}: calls answered by the policy alone");
            }
        }

        string? reasonsName = ProfileAnswersText.FindInMetadata(metadata, ViolationReasons.Key);
        ViolationReasons? reasons = ViolationReasons.Named(reasonsName);
        if (reasonsName is not null && reasons is null)
        {
            problems.Add($"unknown {ViolationReasons.Key}= in listenerMetadata (only {ViolationReasons.RuntimeDefaultName}): violations carry no reason");
        }

        return new ContainerPolicy(policy, table, reasons);
    }
}
