namespace SeccompRecorder.Native;

// pidfd_open(2) and pidfd_send_signal(2): glibc 2.36 wraps them, but syscall(2) works with any glibc.
// Numbers from the unified table for new syscalls (the same on x86_64 and arm64).
internal static partial class Interop
{
    internal const long SYS_pidfd_send_signal = 424;
    internal const long SYS_pidfd_open = 434;
}
