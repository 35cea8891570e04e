namespace SeccompRecorder.Syscalls;

/// <summary>
/// The syscall ABI a notification was made with: decided by <c>seccomp_data.arch</c> and, for x32,
/// by bit 30 of <c>seccomp_data.nr</c> (see <see cref="ArchDecoder"/>).
/// </summary>
/// <remarks>
/// The values are dense and stable: counters index per-arch arrays with them and stored recordings
/// persist them, so never renumber; add new ABIs before <see cref="Unknown"/> only with a migration.
/// </remarks>
internal enum SyscallArch : byte
{
    X86_64 = 0,
    X86 = 1,
    X32 = 2,
    Aarch64 = 3,
    Arm = 4,
    Unknown = 5,
}
