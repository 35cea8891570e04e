namespace SeccompRecorder.Policy.Answers;

/// <summary>One answer of a source profile: an action, and the errno when the action is <see cref="SourceAction.Errno"/>.</summary>
internal readonly record struct SourceAnswer(SourceAction Action, int Errno = 0)
{
    public static SourceAnswer Allow => new(SourceAction.Allow);

    public static SourceAnswer Fail(int errno) => new(SourceAction.Errno, errno);

    /// <summary>True when the call would not run: an errno or a kill.</summary>
    public bool Denies => Action is not (SourceAction.Allow or SourceAction.Log);
}
