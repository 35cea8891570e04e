namespace SeccompRecorder.Policy;

/// <summary>
/// The answer to one notification: let the syscall run or fail it with a (positive) errno, and whether the call counts
/// as a violation. The two are apart since audit lets violations run and expected denials fail without being one.
/// </summary>
internal readonly record struct Verdict(bool Allow, int Errno, bool Violation)
{
    public static Verdict Continue => new(true, 0, Violation: false);

    /// <summary>Fails the call, a violation (log and stop).</summary>
    public static Verdict Deny(int errno) => new(false, errno, Violation: true);

    /// <summary>Fails the call as the source profile would, without a violation (<see cref="Answers.ExpectedDenials"/>).</summary>
    public static Verdict Expected(int errno) => new(false, errno, Violation: false);

    /// <summary>Lets a call the source profile would deny run, a violation (audit).</summary>
    public static Verdict Audited => new(true, 0, Violation: true);

    public bool Denied => !Allow;
}
