using System.Globalization;
using System.Runtime.CompilerServices;

namespace SeccompRecorder.Syscalls;

/// <summary>
/// Maps the kernel's <c>seccomp_data.arch</c> (an <c>AUDIT_ARCH_*</c> value) and <c>nr</c> to the
/// ABI whose table names the call, and ABIs to libseccomp's arch names.
/// </summary>
internal static class ArchDecoder
{
    // include/uapi/linux/audit.h
    public const uint AUDIT_ARCH_X86_64 = 0xC000003E;
    public const uint AUDIT_ARCH_I386 = 0x40000003;
    public const uint AUDIT_ARCH_AARCH64 = 0xC00000B7;
    public const uint AUDIT_ARCH_ARM = 0x40000028;

    // __X32_SYSCALL_BIT (arch/x86/include/uapi/asm/unistd.h): x32 calls arrive as AUDIT_ARCH_X86_64 with it in nr.
    public const int X32_SYSCALL_BIT = 0x40000000;

    /// <summary>
    /// Decodes the ABI of one notification. Runs on the notification hot path: one switch, no allocation.
    /// </summary>
    /// <param name="tableNr">The number to look up in <see cref="SyscallTable"/> for the returned arch
    /// (x32's bit cleared). Not range-checked: the kernel reports whatever the caller put in the register.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SyscallArch Decode(uint auditArch, int nr, out int tableNr)
    {
        switch (auditArch)
        {
            case AUDIT_ARCH_X86_64:
                tableNr = nr & ~X32_SYSCALL_BIT;
                return (nr & X32_SYSCALL_BIT) != 0 ? SyscallArch.X32 : SyscallArch.X86_64;
            case AUDIT_ARCH_I386:
                tableNr = nr;
                return SyscallArch.X86;
            case AUDIT_ARCH_AARCH64:
                tableNr = nr;
                return SyscallArch.Aarch64;
            case AUDIT_ARCH_ARM:
                tableNr = nr;
                return SyscallArch.Arm;
            default:
                tableNr = nr;
                return SyscallArch.Unknown;
        }
    }

    /// <summary>libseccomp's name for the arch (as <c>scmp_sys_resolver -a</c> and OCI's <c>SCMP_ARCH_*</c>
    /// lower-cased take it); "unknown" for <see cref="SyscallArch.Unknown"/>.</summary>
    public static string Name(SyscallArch arch) => arch switch
    {
        SyscallArch.X86_64 => "x86_64",
        SyscallArch.X86 => "x86",
        SyscallArch.X32 => "x32",
        SyscallArch.Aarch64 => "aarch64",
        SyscallArch.Arm => "arm",
        _ => "unknown",
    };

    /// <summary>As <see cref="Name(SyscallArch)"/>, but an unknown arch keeps its identity as
    /// "audit:0x" and the eight lower-case hex digits of <paramref name="auditArch"/>.</summary>
    public static string Name(SyscallArch arch, uint auditArch) =>
        arch == SyscallArch.Unknown ? "audit:0x" + auditArch.ToString("x8", CultureInfo.InvariantCulture) : Name(arch);

    /// <summary>Parses one of libseccomp's arch names as returned by <see cref="Name(SyscallArch)"/>
    /// (ordinal, case-sensitive). "unknown" and "audit:0x..." are not parsed: they name no table.</summary>
    public static bool TryParse(string name, out SyscallArch arch)
    {
        switch (name)
        {
            case "x86_64":
                arch = SyscallArch.X86_64;
                return true;
            case "x86":
                arch = SyscallArch.X86;
                return true;
            case "x32":
                arch = SyscallArch.X32;
                return true;
            case "aarch64":
                arch = SyscallArch.Aarch64;
                return true;
            case "arm":
                arch = SyscallArch.Arm;
                return true;
            default:
                arch = SyscallArch.Unknown;
                return false;
        }
    }

    /// <summary>The <c>AUDIT_ARCH_*</c> value the kernel reports for the arch; x32 shares x86_64's.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="arch"/> is <see cref="SyscallArch.Unknown"/>
    /// or not a defined value.</exception>
    public static uint AuditArch(SyscallArch arch) => arch switch
    {
        SyscallArch.X86_64 => AUDIT_ARCH_X86_64,
        SyscallArch.X86 => AUDIT_ARCH_I386,
        SyscallArch.X32 => AUDIT_ARCH_X86_64,
        SyscallArch.Aarch64 => AUDIT_ARCH_AARCH64,
        SyscallArch.Arm => AUDIT_ARCH_ARM,
        _ => throw new ArgumentOutOfRangeException(nameof(arch), arch, "No AUDIT_ARCH value for this arch."),
    };
}
