using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Recording;

/// <summary>Raw counters of one (arch, nr), read from <see cref="SyscallCounters"/>; timestamps are TimeProvider ticks.</summary>
internal readonly record struct SyscallCount(SyscallArch Arch, uint AuditArch, long Nr, long Count, long Denied, long FirstTicks, long LastTicks, long Violations);
