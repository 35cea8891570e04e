namespace SeccompRecorder.Policy.Answers;

/// <summary>What the source answers one call, and whether that answer is an expected denial (<see cref="ExpectedDenials"/>).</summary>
internal readonly record struct PlannedAnswer(SourceAnswer Answer, bool Expected);
