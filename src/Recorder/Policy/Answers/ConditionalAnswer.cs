namespace SeccompRecorder.Policy.Answers;

/// <summary>A source rule with argument conditions: <see cref="Answer"/> when every condition holds.</summary>
internal sealed record ConditionalAnswer(SourceAnswer Answer, IReadOnlyList<ArgCondition> Conditions);
