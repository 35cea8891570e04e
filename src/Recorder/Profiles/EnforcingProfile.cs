namespace SeccompRecorder.Profiles;

/// <summary>
/// What a recording allows: <c>defaultAction</c> SCMP_ACT_ERRNO with <see cref="DefaultErrno"/>, and one
/// SCMP_ACT_ALLOW rule for <see cref="AllowedSyscalls"/> (sorted ordinal) on <see cref="Architectures"/> (SCMP_ARCH_*),
/// then an SCMP_ACT_ALLOW rule with argument conditions for each of <see cref="ConditionalRules"/> (<c>--args</c>).
/// </summary>
/// <param name="Warnings">What the recording held that the profile leaves out, and why.</param>
/// <param name="FallbackSyscalls">
/// Expected denials of the recording (issue 16: clone3 answered ENOSYS so that glibc falls back to clone): an
/// SCMP_ACT_ERRNO rule with errnoRet ENOSYS keeps them answered so, since the default errno would break the fallback.
/// </param>
internal sealed record EnforcingProfile(
    IReadOnlyList<string> ContainerIds,
    int DefaultErrno,
    IReadOnlyList<string> Architectures,
    IReadOnlyList<string> AllowedSyscalls,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string>? FallbackSyscalls = null,
    IReadOnlyList<ConditionalRule>? ConditionalRules = null)
{
    /// <summary>ENOSYS: what makes glibc and others fall back to the older call.</summary>
    public const int FallbackErrno = 38;

    /// <summary>Rules with argument conditions, by name then value; a name here is not in <see cref="AllowedSyscalls"/>.</summary>
    public IReadOnlyList<ConditionalRule> ConditionalRules { get; } = ConditionalRules ?? [];
}
