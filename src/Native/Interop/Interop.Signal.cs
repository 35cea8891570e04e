using System.Runtime.InteropServices;

namespace SeccompRecorder.Native;

// <signal.h>: glibc's struct sigaction (bits/sigaction.h, the same on x86_64 and aarch64), tgkill(2) and gettid(2)
// (glibc 2.30+), and SIGRTMIN, which glibc's header defines as a call to __libc_current_sigrtmin().
internal static partial class Interop
{
    internal const int SA_SIGINFO = 0x00000004;
    internal const int SA_RESTART = 0x10000000;

    internal const nint SIG_DFL = 0;
    internal const nint SIG_IGN = 1;

    // struct sigaction: named sigaction_t here because C# cannot give a type and a method one name.
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct sigaction_t
    {
        public nint sa_handler;          // union { sa_handler; sa_sigaction; }
        public fixed ulong sa_mask[16];  // sigset_t: 1024 bits
        public int sa_flags;
        public nint sa_restorer;
    }

    // int sigaction(int signum, const struct sigaction *act, struct sigaction *oldact);
    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial int sigaction(int signum, sigaction_t* act, sigaction_t* oldact);

    // int tgkill(pid_t tgid, pid_t tid, int sig);
    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int tgkill(int tgid, int tid, int sig);

    // pid_t gettid(void);
    [LibraryImport(Libc)]
    internal static partial int gettid();

    // int __libc_current_sigrtmin(void);  (SIGRTMIN)
    [LibraryImport(Libc)]
    internal static partial int __libc_current_sigrtmin();

    // int __libc_current_sigrtmax(void);  (SIGRTMAX)
    [LibraryImport(Libc)]
    internal static partial int __libc_current_sigrtmax();
}
