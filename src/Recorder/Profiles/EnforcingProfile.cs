namespace SeccompRecorder.Profiles;

/// <summary>
/// What a recording allows: <c>defaultAction</c> SCMP_ACT_ERRNO with <see cref="DefaultErrno"/>, and one
/// SCMP_ACT_ALLOW rule for <see cref="AllowedSyscalls"/> (sorted ordinal) on <see cref="Architectures"/> (SCMP_ARCH_*).
/// </summary>
/// <param name="Warnings">What the recording held that the profile leaves out, and why.</param>
internal sealed record EnforcingProfile(
    IReadOnlyList<string> ContainerIds,
    int DefaultErrno,
    IReadOnlyList<string> Architectures,
    IReadOnlyList<string> AllowedSyscalls,
    IReadOnlyList<string> Warnings);
