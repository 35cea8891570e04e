namespace SeccompRecorder.Profiles;

/// <summary>
/// Syscalls an enforcing profile allows whatever the recording says: what the OCI runtime itself makes
/// after installing the filter, before its init execs the workload.
/// </summary>
/// <remarks>
/// Established with runc 1.1.5 on this machine: under a notify-everything template these are what runc's
/// init was seen making between loading the filter and execve (busybox /bin/true as the workload).
/// Under an SCMP_ACT_ERRNO profile that allows only <c>write</c>, runc's init panics before exec; without
/// close, fstatfs, openat or getdents64 (its walk of /proc/self/fd to mark fds close-on-exec) runc run
/// fails; with this list it reaches execve. The others are kept because runc was seen making them
/// (Go runtime: futex, epoll_ctl; its sync pipe: read) and a recording made with a profile that did not
/// notify them would not have them. Integration/ProfileRoundTripTests checks both ends with runc: the baseline
/// alone reaches the workload's execve, write alone does not. What the workload itself needs from execve on
/// (brk, mmap, arch_prctl, exit_group, ...) is not here: the template notifies it, so it is recorded.
/// The Go runtime of runc's init also makes calls only some runs make, under load: it preempts its goroutines with a
/// signal (tgkill), whose handler returns through rt_sigreturn, and yields or sleeps while it spins. A recording whose
/// run had none of them can export a profile under which runc's init fails them: the likely cause of a container that
/// died with SIGSEGV (exit 139) before its workload printed anything, in one full test run out of six here (an
/// rt_sigreturn that fails returns into garbage). Those calls are here too; none of them has argument rules.
/// </remarks>
internal static class RuntimeBaseline
{
    /// <summary>Why each one is there, sorted ordinal by name.</summary>
    public static IReadOnlyList<(string Name, string Why)> Entries { get; } =
    [
        ("close", "runc's init closes its own fds after loading the filter"),
        ("epoll_ctl", "Go runtime's netpoller, as fds are closed"),
        ("execve", "runc's init execs the workload"),
        ("fstatfs", "runc's init checks /proc is procfs before walking /proc/self/fd"),
        ("futex", "Go runtime thread synchronisation"),
        ("getdents64", "runc's init lists /proc/self/fd to mark fds close-on-exec"),
        ("getpid", "runc's init"),
        ("nanosleep", "Go runtime: usleep while spinning, under load"),
        ("openat", "runc's init opens /proc/self/fd"),
        ("prctl", "runc's init (PR_SET_NO_NEW_PRIVS and friends)"),
        ("read", "runc's init reads its sync pipe"),
        ("readlink", "runc's init resolves fds under /proc/self/fd"),
        ("restart_syscall", "a call of runc's init interrupted by the Go runtime's preemption signal restarts through it"),
        ("rt_sigprocmask", "Go runtime: masks signals around its signal handling"),
        ("rt_sigreturn", "Go runtime: its signal handlers (preemption, SIGCHLD) return through it; failing it crashes runc's init"),
        ("sched_yield", "Go runtime: osyield while spinning, under load"),
        ("sigaltstack", "Go runtime: signal stacks of its threads"),
        ("tgkill", "Go runtime: preempts a goroutine by signalling its thread"),
        ("write", "runc refuses SCMP_ACT_NOTIFY for write: it is never recorded, and runc's init needs it"),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Entries.Select(e => e.Name)];
}
