namespace SeccompRecorder.Policy;

/// <summary>The answer to one notification: let the syscall run, or fail it with a (positive) errno.</summary>
internal readonly record struct Verdict(bool Allow, int Errno)
{
    public static Verdict Continue => new(true, 0);

    public static Verdict Deny(int errno) => new(false, errno);
}
