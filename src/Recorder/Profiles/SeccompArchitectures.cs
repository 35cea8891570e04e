using SeccompRecorder.Syscalls;

namespace SeccompRecorder.Profiles;

/// <summary>libseccomp's <c>SCMP_ARCH_*</c> names, as OCI <c>linux.seccomp.architectures</c> takes them.</summary>
internal static class SeccompArchitectures
{
    public static bool TryGetName(SyscallArch arch, out string name)
    {
        name = arch switch
        {
            SyscallArch.X86_64 => "SCMP_ARCH_X86_64",
            SyscallArch.X86 => "SCMP_ARCH_X86",
            SyscallArch.X32 => "SCMP_ARCH_X32",
            SyscallArch.Aarch64 => "SCMP_ARCH_AARCH64",
            SyscallArch.Arm => "SCMP_ARCH_ARM",
            _ => string.Empty,
        };
        return name.Length > 0;
    }
}
