namespace SeccompRecorder.Storage;

/// <summary>One row of executable_syscalls: <paramref name="Nr"/> is the number in the arch's table, as snapshots show it.</summary>
internal sealed record StoredExecutableCall(string Executable, uint AuditArch, string Arch, long Nr, long Count, long Denied);
