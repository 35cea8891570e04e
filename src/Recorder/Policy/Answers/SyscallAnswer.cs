namespace SeccompRecorder.Policy.Answers;

/// <summary>
/// What the source profile does with one notified syscall: the first of <see cref="Rules"/> whose conditions all hold
/// answers; when none does, <see cref="Otherwise"/>, or the profile's default answer when that is null.
/// </summary>
internal sealed record SyscallAnswer(SourceAnswer? Otherwise, IReadOnlyList<ConditionalAnswer> Rules);
