using System.Collections.Frozen;

namespace SeccompRecorder.Policy.Answers;

/// <summary>
/// Why a source profile denies each syscall, for the profiles whose reasons we know: <c>runtime-default</c>, the
/// default profile Docker and containerd ship (reasons from their documentation, docs/seccomp.md, in short). Named in
/// listenerMetadata as <c>reasons=runtime-default</c>, which <c>profile notify runtime-default</c> writes.
/// </summary>
internal sealed class ViolationReasons
{
    public const string Key = "reasons";
    public const string RuntimeDefaultName = "runtime-default";

    private const string Namespaces = "namespaces: needs CAP_SYS_ADMIN (a new user namespace alone is allowed)";

    private static readonly (string Reason, string[] Names)[] s_runtimeDefault =
    [
        ("kernel keyring, not namespaced", ["add_key", "keyctl", "request_key"]),
        ("time, not namespaced (CAP_SYS_TIME)", ["adjtimex", "clock_adjtime", "clock_adjtime64", "clock_settime", "clock_settime64", "settimeofday", "stime"]),
        ("kernel modules (CAP_SYS_MODULE)", ["create_module", "delete_module", "finit_module", "init_module", "get_kernel_syms", "query_module"]),
        ("loads a new kernel or reboots the host (CAP_SYS_BOOT)", ["kexec_load", "kexec_file_load", "reboot"]),
        (Namespaces, ["setns", "unshare", "clone"]),
        ("mounts and roots (CAP_SYS_ADMIN)", ["mount", "umount", "umount2", "pivot_root", "fsconfig", "fsmount", "fsopen", "fspick", "move_mount", "open_tree", "mount_setattr"]),
        ("swap (CAP_SYS_ADMIN)", ["swapon", "swapoff"]),
        ("accounting and quotas that could lift the container's own limits (CAP_SYS_PACCT)", ["acct", "quotactl", "quotactl_fd"]),
        ("tracing and inspection that can leak host information (CAP_SYS_PTRACE)", ["perf_event_open", "lookup_dcookie", "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd"]),
        ("NUMA and kernel memory placement (CAP_SYS_NICE)", ["get_mempolicy", "set_mempolicy", "mbind", "move_pages", "set_mempolicy_home_node"]),
        ("I/O privilege (CAP_SYS_RAWIO)", ["ioperm", "iopl"]),
        ("x86 real mode", ["vm86", "vm86old"]),
        ("file handles, cause of an old container breakout (CAP_DAC_READ_SEARCH)", ["open_by_handle_at", "name_to_handle_at"]),
        ("BSD emulation, little tested: only the personalities Linux programs use are allowed", ["personality"]),
        ("BPF programs that can outlive the container (CAP_SYS_ADMIN)", ["bpf"]),
        ("userfaultfd, a tool of kernel exploits", ["userfaultfd"]),
        ("obsolete", ["nfsservctl", "sysfs", "_sysctl", "uselib", "ustat"]),
        ("socket families other than AF_UNIX, AF_INET, AF_INET6, AF_NETLINK and AF_PACKET", ["socket", "socketcall"]),
        ("kernel logs (CAP_SYSLOG)", ["syslog"]),
    ];

    public static ViolationReasons RuntimeDefault { get; } = new(
        s_runtimeDefault.SelectMany(r => r.Names.Select(n => (n, r.Reason))).ToFrozenDictionary(p => p.n, p => p.Reason, StringComparer.Ordinal),
        "not in the default profile's allow list");

    private readonly FrozenDictionary<string, string> _reasons;
    private readonly string _otherwise;

    private ViolationReasons(FrozenDictionary<string, string> reasons, string otherwise)
    {
        _reasons = reasons;
        _otherwise = otherwise;
    }

    /// <summary>The reasons listenerMetadata's <c>reasons=</c> names, or null for a name we do not know.</summary>
    public static ViolationReasons? Named(string? name) =>
        string.Equals(name, RuntimeDefaultName, StringComparison.OrdinalIgnoreCase) ? RuntimeDefault : null;

    /// <summary>Why the profile denies <paramref name="syscall"/>; a number without a name gets the profile's general reason.</summary>
    public string For(string? syscall) => syscall is not null && _reasons.TryGetValue(syscall, out string? reason) ? reason : _otherwise;
}
