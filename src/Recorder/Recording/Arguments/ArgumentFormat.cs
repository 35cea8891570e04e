namespace SeccompRecorder.Recording.Arguments;

/// <summary>How a recorded argument value reads (<see cref="ArgumentText"/>); storage keeps the raw value only.</summary>
internal enum ArgumentFormat : byte
{
    /// <summary>A signed 32-bit number: an option or command (prctl, fcntl, bpf, keyctl...).</summary>
    Decimal,

    /// <summary>Flags or a request code (clone, unshare, ioctl): hex.</summary>
    Hex,

    /// <summary>AF_* names.</summary>
    SocketDomain,

    /// <summary>SOCK_* names (SOCK_NONBLOCK and SOCK_CLOEXEC are cleared before recording).</summary>
    SocketType,

    /// <summary>Whether PROT_EXEC was asked for: the value is the bit (4) or 0.</summary>
    ProtExec,

    /// <summary>(level, name) of setsockopt/getsockopt: level in the high 32 bits, name in the low 32.</summary>
    SocketOption,
}
