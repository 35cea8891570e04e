using SeccompRecorder.Policy.Answers;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Profiles;

/// <summary>
/// The default seccomp profile Docker ships (moby/profiles seccomp v0.2.3, the base of containerd's and of Kubernetes'
/// RuntimeDefault), as our own table: its rules with the capabilities, host architectures and minimum kernels they
/// depend on, resolved as the runtime resolves them before handing the profile to runc
/// (<see cref="Resolve"/>). Tested against the profile itself (tests/Recorder.Tests/Profiles).
/// </summary>
internal static class RuntimeDefaultProfile
{
    public const string SourceName = "runtime-default";

    /// <summary>containerd's default capabilities for a container (oci.DefaultSpec / populateDefaultUnixSpec): 14.</summary>
    public static IReadOnlyList<string> DefaultCapabilities { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    /// <summary>
    /// The profile a runtime on a <paramref name="host"/> machine hands to runc for a container with
    /// <paramref name="capabilities"/> (CAP_* names, any case): the rules whose includes hold and whose excludes do
    /// not, and the host's architecture with its sub-architectures. Minimum kernels (4.8 at most) are taken as met:
    /// seccomp user notification needs 5.0.
    /// </summary>
    public static SourceProfile Resolve(SyscallArch host, IEnumerable<string> capabilities)
    {
        HashSet<string> caps = new(capabilities.Select(c => c.Trim().ToUpperInvariant()), StringComparer.Ordinal);
        string arch = NativeName(host);
        var rules = new List<SourceRule>();
        foreach (Entry entry in s_entries)
        {
            bool included = (entry.Caps is null || entry.Caps.All(caps.Contains)) && (entry.Arches is null || entry.Arches.Contains(arch));
            bool excluded = (entry.NotCaps?.Any(caps.Contains) ?? false) || (entry.NotArches?.Contains(arch) ?? false);
            if (included && !excluded)
            {
                rules.Add(new SourceRule(entry.Names.Split(' '), entry.Action, entry.Errno, entry.Args ?? []));
            }
        }

        return new SourceProfile("SCMP_ACT_ERRNO", DefaultErrnoRet, ArchMap(host), rules);
    }

    /// <summary>The profile's defaultErrnoRet: EPERM.</summary>
    public const int DefaultErrnoRet = 1;

    /// <summary>libseccomp's native architecture name (seccomp.GetNativeArch), which the profile's arches name.</summary>
    public static string NativeName(SyscallArch host) => host switch
    {
        SyscallArch.X86_64 => "amd64",
        SyscallArch.X86 => "x86",
        SyscallArch.X32 => "x32",
        SyscallArch.Aarch64 => "arm64",
        SyscallArch.Arm => "arm",
        _ => throw new ArgumentOutOfRangeException(nameof(host), host, null),
    };

    /// <summary>The profile's archMap: a 64-bit host runs its 32-bit ABIs too.</summary>
    private static string[] ArchMap(SyscallArch host) => host switch
    {
        SyscallArch.X86_64 => ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
        SyscallArch.Aarch64 => ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"],
        _ => SeccompArchitectures.TryGetName(host, out string name) ? [name] : [],
    };

    /// <param name="Names">Space-separated.</param>
    private sealed record Entry(
        string Names, string Action, int? Errno = null, ArgCondition[]? Args = null,
        string[]? Caps = null, string[]? Arches = null, string[]? NotCaps = null, string[]? NotArches = null, string? MinKernel = null);

    private static readonly Entry[] s_entries =
    [
        new("accept accept4 access adjtimex alarm bind brk cachestat capget capset chdir chmod chown chown32 "
            + "clock_adjtime clock_adjtime64 clock_getres clock_getres_time64 clock_gettime clock_gettime64 "
            + "clock_nanosleep clock_nanosleep_time64 close close_range connect copy_file_range creat dup dup2 dup3 "
            + "epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait "
            + "epoll_wait_old eventfd eventfd2 execve execveat exit exit_group faccessat faccessat2 fadvise64 "
            + "fadvise64_64 fallocate fanotify_mark fchdir fchmod fchmodat fchmodat2 fchown fchown32 fchownat fcntl "
            + "fcntl64 fdatasync fgetxattr flistxattr flock fork fremovexattr fsetxattr fstat fstat64 fstatat64 "
            + "fstatfs fstatfs64 fsync ftruncate ftruncate64 futex futex_requeue futex_time64 futex_wait "
            + "futex_waitv futex_wake futimesat getcpu getcwd getdents getdents64 getegid getegid32 geteuid "
            + "geteuid32 getgid getgid32 getgroups getgroups32 getitimer getpeername getpgid getpgrp getpid getppid "
            + "getpriority getrandom getresgid getresgid32 getresuid getresuid32 getrlimit get_robust_list "
            + "getrusage getsid getsockname getsockopt get_thread_area gettid gettimeofday getuid getuid32 getxattr "
            + "getxattrat inotify_add_watch inotify_init inotify_init1 inotify_rm_watch io_cancel ioctl io_destroy "
            + "io_getevents io_pgetevents io_pgetevents_time64 ioprio_get ioprio_set io_setup io_submit ipc kill "
            + "landlock_add_rule landlock_create_ruleset landlock_restrict_self lchown lchown32 lgetxattr link "
            + "linkat listen listmount listxattr listxattrat llistxattr _llseek lremovexattr lseek lsetxattr lstat "
            + "lstat64 madvise map_shadow_stack membarrier memfd_create memfd_secret mincore mkdir mkdirat mknod "
            + "mknodat mlock mlock2 mlockall mmap mmap2 mprotect mq_getsetattr mq_notify mq_open mq_timedreceive "
            + "mq_timedreceive_time64 mq_timedsend mq_timedsend_time64 mq_unlink mremap mseal msgctl msgget msgrcv "
            + "msgsnd msync munlock munlockall munmap name_to_handle_at nanosleep newfstatat _newselect open openat "
            + "openat2 pause pidfd_open pidfd_send_signal pipe pipe2 pkey_alloc pkey_free pkey_mprotect poll ppoll "
            + "ppoll_time64 prctl pread64 preadv preadv2 prlimit64 process_mrelease pselect6 pselect6_time64 "
            + "pwrite64 pwritev pwritev2 read readahead readlink readlinkat readv recv recvfrom recvmmsg "
            + "recvmmsg_time64 recvmsg remap_file_pages removexattr removexattrat rename renameat renameat2 "
            + "restart_syscall riscv_hwprobe rmdir rseq rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo "
            + "rt_sigreturn rt_sigsuspend rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo "
            + "sched_getaffinity sched_getattr sched_getparam sched_get_priority_max sched_get_priority_min "
            + "sched_getscheduler sched_rr_get_interval sched_rr_get_interval_time64 sched_setaffinity "
            + "sched_setattr sched_setparam sched_setscheduler sched_yield seccomp select semctl semget semop "
            + "semtimedop semtimedop_time64 send sendfile sendfile64 sendmmsg sendmsg sendto setfsgid setfsgid32 "
            + "setfsuid setfsuid32 setgid setgid32 setgroups setgroups32 setitimer setpgid setpriority setregid "
            + "setregid32 setresgid setresgid32 setresuid setresuid32 setreuid setreuid32 setrlimit set_robust_list "
            + "setsid setsockopt set_thread_area set_tid_address setuid setuid32 setxattr setxattrat shmat shmctl "
            + "shmdt shmget shutdown sigaltstack signalfd signalfd4 sigprocmask sigreturn socketcall socketpair "
            + "splice stat stat64 statfs statfs64 statmount statx symlink symlinkat sync sync_file_range syncfs "
            + "sysinfo tee tgkill time timer_create timer_delete timer_getoverrun timer_gettime timer_gettime64 "
            + "timer_settime timer_settime64 timerfd_create timerfd_gettime timerfd_gettime64 timerfd_settime "
            + "timerfd_settime64 times tkill truncate truncate64 ugetrlimit umask uname unlink unlinkat uretprobe "
            + "utime utimensat utimensat_time64 utimes vfork vmsplice wait4 waitid waitpid write writev", "SCMP_ACT_ALLOW"),
        new("process_vm_readv process_vm_writev ptrace", "SCMP_ACT_ALLOW", MinKernel: "4.8"),
        new("socket", "SCMP_ACT_ALLOW", Args: [new(0, ArgOperator.LessThan, 38, 0)]),
        new("socket", "SCMP_ACT_ALLOW", Args: [new(0, ArgOperator.Equal, 39, 0)]),
        new("socket", "SCMP_ACT_ALLOW", Args: [new(0, ArgOperator.GreaterThan, 40, 0)]),
        new("personality", "SCMP_ACT_ALLOW", Args: [new(0, ArgOperator.Equal, 0, 0)]),
        new("personality", "SCMP_ACT_ALLOW", Args: [new(0, ArgOperator.Equal, 8, 0)]),
        new("personality", "SCMP_ACT_ALLOW", Args: [new(0, ArgOperator.Equal, 131072, 0)]),
        new("personality", "SCMP_ACT_ALLOW", Args: [new(0, ArgOperator.Equal, 131080, 0)]),
        new("personality", "SCMP_ACT_ALLOW", Args: [new(0, ArgOperator.Equal, 4294967295, 0)]),
        new("sync_file_range2 swapcontext", "SCMP_ACT_ALLOW", Arches: ["ppc64le"]),
        new("arm_fadvise64_64 arm_sync_file_range sync_file_range2 breakpoint cacheflush set_tls", "SCMP_ACT_ALLOW", Arches: ["arm", "arm64"]),
        new("arch_prctl", "SCMP_ACT_ALLOW", Arches: ["amd64", "x32"]),
        new("modify_ldt", "SCMP_ACT_ALLOW", Arches: ["amd64", "x32", "x86"]),
        new("s390_pci_mmio_read s390_pci_mmio_write s390_runtime_instr", "SCMP_ACT_ALLOW", Arches: ["s390", "s390x"]),
        new("riscv_flush_icache", "SCMP_ACT_ALLOW", Arches: ["riscv64"]),
        new("open_by_handle_at", "SCMP_ACT_ALLOW", Caps: ["CAP_DAC_READ_SEARCH"]),
        new("bpf clone clone3 fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie lsm_get_self_attr "
            + "lsm_list_modules lsm_set_self_attr mount mount_setattr move_mount open_tree perf_event_open quotactl "
            + "quotactl_fd setdomainname sethostname setns syslog umount umount2 unshare", "SCMP_ACT_ALLOW", Caps: ["CAP_SYS_ADMIN"]),
        new("clone", "SCMP_ACT_ALLOW", Args: [new(0, ArgOperator.MaskedEqual, 2114060288, 0)], NotCaps: ["CAP_SYS_ADMIN"], NotArches: ["s390", "s390x"]),
        new("clone", "SCMP_ACT_ALLOW", Args: [new(1, ArgOperator.MaskedEqual, 2114060288, 0)], Arches: ["s390", "s390x"], NotCaps: ["CAP_SYS_ADMIN"]),
        new("clone3", "SCMP_ACT_ERRNO", Errno: 38, NotCaps: ["CAP_SYS_ADMIN"]),
        new("reboot", "SCMP_ACT_ALLOW", Caps: ["CAP_SYS_BOOT"]),
        new("chroot", "SCMP_ACT_ALLOW", Caps: ["CAP_SYS_CHROOT"]),
        new("delete_module init_module finit_module", "SCMP_ACT_ALLOW", Caps: ["CAP_SYS_MODULE"]),
        new("acct", "SCMP_ACT_ALLOW", Caps: ["CAP_SYS_PACCT"]),
        new("kcmp pidfd_getfd process_madvise process_vm_readv process_vm_writev ptrace", "SCMP_ACT_ALLOW", Caps: ["CAP_SYS_PTRACE"]),
        new("iopl ioperm", "SCMP_ACT_ALLOW", Caps: ["CAP_SYS_RAWIO"]),
        new("settimeofday stime clock_settime clock_settime64", "SCMP_ACT_ALLOW", Caps: ["CAP_SYS_TIME"]),
        new("vhangup", "SCMP_ACT_ALLOW", Caps: ["CAP_SYS_TTY_CONFIG"]),
        new("get_mempolicy mbind set_mempolicy set_mempolicy_home_node", "SCMP_ACT_ALLOW", Caps: ["CAP_SYS_NICE"]),
        new("syslog", "SCMP_ACT_ALLOW", Caps: ["CAP_SYSLOG"]),
        new("bpf", "SCMP_ACT_ALLOW", Caps: ["CAP_BPF"]),
        new("perf_event_open", "SCMP_ACT_ALLOW", Caps: ["CAP_PERFMON"]),
    ];
}
