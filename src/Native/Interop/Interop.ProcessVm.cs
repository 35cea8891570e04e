using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// <sys/uio.h>
internal static partial class Interop
{
    // ssize_t process_vm_readv(pid_t pid, const struct iovec *local_iov, unsigned long liovcnt,
    //                          const struct iovec *remote_iov, unsigned long riovcnt, unsigned long flags);
    // Needs ptrace read access to pid (PTRACE_MODE_ATTACH_REALCREDS): CAP_SYS_PTRACE for another uid's or a
    // non-dumpable process. A fault part-way returns what was read before it.
    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial nint process_vm_readv(int pid, iovec* local_iov, nuint liovcnt, iovec* remote_iov, nuint riovcnt, nuint flags);
}
