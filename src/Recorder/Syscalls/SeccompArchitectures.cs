namespace SeccompRecorder.Syscalls;

/// <summary>libseccomp's <c>SCMP_ARCH_*</c> names, as OCI <c>linux.seccomp.architectures</c> takes them.</summary>
internal static class SeccompArchitectures
{
    private static readonly (SyscallArch Arch, string Name)[] s_names =
    [
        (SyscallArch.X86_64, "SCMP_ARCH_X86_64"),
        (SyscallArch.X86, "SCMP_ARCH_X86"),
        (SyscallArch.X32, "SCMP_ARCH_X32"),
        (SyscallArch.Aarch64, "SCMP_ARCH_AARCH64"),
        (SyscallArch.Arm, "SCMP_ARCH_ARM"),
    ];

    public static bool TryGetName(SyscallArch arch, out string name)
    {
        foreach ((SyscallArch a, string n) in s_names)
        {
            if (a == arch)
            {
                name = n;
                return true;
            }
        }

        name = string.Empty;
        return false;
    }

    /// <summary>The arch of an SCMP_ARCH_* name this project has a table for; false for any other (MIPS, PPC, ...).</summary>
    public static bool TryParse(string name, out SyscallArch arch)
    {
        foreach ((SyscallArch a, string n) in s_names)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                arch = a;
                return true;
            }
        }

        arch = SyscallArch.Unknown;
        return false;
    }
}
