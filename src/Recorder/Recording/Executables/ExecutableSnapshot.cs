namespace SeccompRecorder.Recording.Executables;

/// <summary>
/// One executable of a container and the calls it made, busiest first. <see cref="Path"/> is /proc/PID/exe as the
/// daemon read it, "comm:NAME" when that was unreadable, <see cref="ExecutableNames.OtherName"/> for executables past
/// the first 64, or <see cref="ExecutableNames.UnknownName"/>.
/// </summary>
internal sealed record ExecutableSnapshot(string Path, long Calls, long Denied, IReadOnlyList<ExecutableSyscall> Syscalls)
{
    public bool Equals(ExecutableSnapshot? other) =>
        other is not null && Path == other.Path && Calls == other.Calls && Denied == other.Denied && Syscalls.SequenceEqual(other.Syscalls);

    public override int GetHashCode() => HashCode.Combine(Path, Calls, Denied, Syscalls.Count);
}
