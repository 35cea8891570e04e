namespace SeccompRecorder.Cli.Output;

/// <summary>One executable of a container as <c>show</c> prints it: its calls, busiest first (README "Executables").</summary>
internal sealed record ExecutableView(string Path, ulong Count, ulong Denied, IReadOnlyList<ExecutableSyscallView> Syscalls)
{
    public bool Equals(ExecutableView? other) =>
        other is not null && Path == other.Path && Count == other.Count && Denied == other.Denied && Syscalls.SequenceEqual(other.Syscalls);

    public override int GetHashCode() => HashCode.Combine(Path, Count, Denied, Syscalls.Count);
}
