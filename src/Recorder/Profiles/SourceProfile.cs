namespace SeccompRecorder.Profiles;

/// <summary>
/// An enforcing profile as <c>profile notify</c> reads it: OCI <c>linux.seccomp</c> fields, whatever the file's format
/// (<see cref="SourceProfileReader"/>) or the built-in <see cref="RuntimeDefaultProfile"/>.
/// </summary>
/// <param name="Architectures">SCMP_ARCH_* names; empty: the native one.</param>
internal sealed record SourceProfile(string DefaultAction, int? DefaultErrnoRet, IReadOnlyList<string> Architectures, IReadOnlyList<SourceRule> Rules);
