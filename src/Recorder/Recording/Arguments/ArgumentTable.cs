using System.Runtime.CompilerServices;
using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Recording.Arguments;

/// <summary>
/// The syscalls whose safety depends on a scalar argument, and which of their arguments are recorded (issue 14, README
/// "Argument values"). Names are looked up in each arch's own table, so one row covers every arch that has the call
/// under that name; <see cref="s_notOn"/> lists where a name takes its arguments by pointer instead and is left out.
/// </summary>
internal static class ArgumentTable
{
    public const int MaxValues = 64;

    // arch/x86/include/uapi/asm/... and include/linux/net.h: the same on x86, x86_64, x32, arm and aarch64
    // (they differ on mips, sparc, alpha, which are not ours).
    private const ulong SOCK_NONBLOCK = 0x800;
    private const ulong SOCK_CLOEXEC = 0x80000;
    private const ulong CSIGNAL = 0xFF;
    private const ulong PROT_EXEC = 0x4;

    private static readonly (string Syscall, ArgumentRule[] Rules)[] s_rows =
    [
        ("socket", [Rule("domain", 0, ArgumentFormat.SocketDomain), TypeRule(1), Rule("protocol", 2)]),
        ("socketpair", [Rule("domain", 0, ArgumentFormat.SocketDomain), TypeRule(1), Rule("protocol", 2)]),
        // i386 socketcall(call, args*): the call (SYS_SOCKET = 1, ...) is a register; the domain is behind the pointer.
        ("socketcall", [Rule("call", 0)]),
        ("setsockopt", [PairRule("option", 1, 2)]),
        ("getsockopt", [PairRule("option", 1, 2)]),
        ("personality", [Rule("persona", 0, ArgumentFormat.Hex)]),
        // The kernel takes the low 32 bits of clone's flags; the low byte is the exit signal, not a flag.
        ("clone", [new ArgumentRule("flags", 0, ArgumentRule.Low32 & ~CSIGNAL, ArgumentFormat.Hex, MaxValues)]),
        ("unshare", [new ArgumentRule("flags", 0, ulong.MaxValue, ArgumentFormat.Hex, MaxValues)]),
        ("setns", [Rule("nstype", 1, ArgumentFormat.Hex)]),
        ("prctl", [Rule("option", 0)]),
        ("ioctl", [Rule("request", 1, ArgumentFormat.Hex)]),
        ("fcntl", [Rule("cmd", 1)]),
        ("fcntl64", [Rule("cmd", 1)]),
        ("mmap", [ExecRule(2)]),
        ("mmap2", [ExecRule(2)]),
        ("mprotect", [ExecRule(2)]),
        ("pkey_mprotect", [ExecRule(2)]),
        ("keyctl", [Rule("operation", 0)]),
        ("bpf", [Rule("cmd", 0)]),
        // long request: all 64 bits are compared by the kernel.
        ("ptrace", [new ArgumentRule("request", 0, ulong.MaxValue, ArgumentFormat.Hex, MaxValues)]),
        ("seccomp", [Rule("operation", 0)]),
    ];

    // i386 mmap (90) is old_mmap(struct mmap_arg_struct *): its prot is in memory.
    private static readonly (SyscallArch Arch, string Syscall)[] s_notOn = [(SyscallArch.X86, "mmap")];

    private static readonly ArgumentRule[] s_rules = [.. s_rows.SelectMany(r => r.Rules)];
    private static readonly int[] s_ruleStart = RuleStarts();

    // Per known arch, per table nr: the row + 1, 0 for an untracked call. Read on the notification path.
    private static readonly byte[][] s_rowByNr = [.. Enumerable.Range(0, KnownArchCount).Select(a => RowsByNr((SyscallArch)a))];

    public const int KnownArchCount = (int)SyscallArch.Unknown;

    /// <summary>Every rule of every row, in row order: a rule's position is its index in per-container arrays.</summary>
    public static int RuleCount => s_rules.Length;

    /// <summary>Every (syscall, rules) row, for documentation and tests.</summary>
    public static IEnumerable<(string Syscall, IReadOnlyList<ArgumentRule> Rules)> Rows =>
        s_rows.Select(r => (r.Syscall, (IReadOnlyList<ArgumentRule>)r.Rules));

    public static ArgumentRule Rule(int index) => s_rules[index];

    /// <summary>
    /// Hot path: the rules of (arch, table nr) as [first, first + count) of <see cref="Rule(int)"/>; false when the call
    /// has none. One array read for an untracked call; no allocation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryGetRules(SyscallArch arch, int tableNr, out int first, out int count)
    {
        if ((uint)arch < KnownArchCount)
        {
            byte[] rows = s_rowByNr[(int)arch];
            if ((uint)tableNr < (uint)rows.Length && rows[tableNr] is var row and not 0)
            {
                first = s_ruleStart[row - 1];
                count = s_ruleStart[row] - first;
                return true;
            }
        }

        first = 0;
        count = 0;
        return false;
    }

    /// <summary>The rule named <paramref name="name"/> of (arch, table nr): for putting stored values back.</summary>
    public static bool TryFindRule(SyscallArch arch, long tableNr, string name, out int ruleIndex)
    {
        ruleIndex = -1;
        if (tableNr is < 0 or > int.MaxValue || !TryGetRules(arch, (int)tableNr, out int first, out int count))
        {
            return false;
        }

        for (int i = first; i < first + count; i++)
        {
            if (string.Equals(s_rules[i].Name, name, StringComparison.Ordinal))
            {
                ruleIndex = i;
                return true;
            }
        }

        return false;
    }

    private static ArgumentRule Rule(string name, byte index, ArgumentFormat format = ArgumentFormat.Decimal) =>
        new(name, index, ArgumentRule.Low32, format, MaxValues);

    private static ArgumentRule TypeRule(byte index) =>
        new("type", index, ArgumentRule.Low32 & ~(SOCK_NONBLOCK | SOCK_CLOEXEC), ArgumentFormat.SocketType, MaxValues);

    private static ArgumentRule ExecRule(byte index) => new("exec", index, PROT_EXEC, ArgumentFormat.ProtExec, 2);

    private static ArgumentRule PairRule(string name, byte level, byte optname) =>
        new(name, level, ArgumentRule.Low32, ArgumentFormat.SocketOption, MaxValues, optname);

    private static int[] RuleStarts()
    {
        int[] starts = new int[s_rows.Length + 1];
        for (int row = 0; row < s_rows.Length; row++)
        {
            starts[row + 1] = starts[row] + s_rows[row].Rules.Length;
        }

        return starts;
    }

    private static byte[] RowsByNr(SyscallArch arch)
    {
        byte[] rows = new byte[SyscallTable.DenseLength(arch)];
        for (int row = 0; row < s_rows.Length; row++)
        {
            string name = s_rows[row].Syscall;
            if (!s_notOn.Contains((arch, name)) && SyscallTable.TryGetNumber(arch, name, out int nr) && nr < rows.Length)
            {
                rows[nr] = checked((byte)(row + 1));
            }
        }

        return rows;
    }
}
