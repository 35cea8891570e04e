namespace SeccompRecorder.Native;

/// <summary>One seccomp user notification as the kernel delivered it (a copy of struct seccomp_notif).</summary>
public readonly struct SeccompNotification
{
    private readonly Interop.seccomp_notif _notif;

    internal SeccompNotification(in Interop.seccomp_notif notif) => _notif = notif;

    /// <summary>The cookie to answer with; valid until answered or until the target is interrupted.</summary>
    public ulong Id => _notif.id;

    /// <summary>The target thread id in the daemon's pid namespace, 0 when it is not visible there.</summary>
    public uint Pid => _notif.pid;

    /// <summary>The syscall number as the target's arch numbers it (x32 with bit 0x40000000 set).</summary>
    public int Nr => _notif.data.nr;

    /// <summary>AUDIT_ARCH_* of the calling convention the target used.</summary>
    public uint Arch => _notif.data.arch;

    public ulong InstructionPointer => _notif.data.instruction_pointer;

    public ulong Arg(int index) => _notif.data.args[index];
}
