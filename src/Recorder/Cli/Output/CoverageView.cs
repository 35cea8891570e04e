namespace SeccompRecorder.Cli.Output;

/// <summary>
/// What the container's own profile let the recording see (Container.coverage). <see cref="UnknownReason"/> is set
/// when the daemon could not read that profile: then only notified syscalls are known.
/// </summary>
internal sealed record CoverageView(string? UnknownReason, IReadOnlyList<ArchCoverageView> Archs);

/// <summary>One architecture's syscall names by what the profile does with them; <see cref="Seen"/>: of the notified, how many were made.</summary>
internal sealed record ArchCoverageView(
    string Arch, IReadOnlyList<string> Notified, int Seen, IReadOnlyList<string> AllowedSilently, IReadOnlyList<string> Denied);
