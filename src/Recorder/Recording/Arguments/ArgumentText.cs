using System.Globalization;

namespace SeccompRecorder.Recording.Arguments;

/// <summary>
/// A recorded value as people read it: "AF_ALG", "SOCK_STREAM", "0x5401", "SOL_SOCKET,2". Names only where the number
/// alone hides what matters (socket families and types, the socket level); the number is always there otherwise.
/// </summary>
internal static class ArgumentText
{
    // include/linux/socket.h, AF_UNSPEC (0) to AF_MCTP (45).
    private static readonly string[] s_families =
    [
        "AF_UNSPEC", "AF_UNIX", "AF_INET", "AF_AX25", "AF_IPX", "AF_APPLETALK", "AF_NETROM", "AF_BRIDGE", "AF_ATMPVC",
        "AF_X25", "AF_INET6", "AF_ROSE", "AF_DECnet", "AF_NETBEUI", "AF_SECURITY", "AF_KEY", "AF_NETLINK", "AF_PACKET",
        "AF_ASH", "AF_ECONET", "AF_ATMSVC", "AF_RDS", "AF_SNA", "AF_IRDA", "AF_PPPOX", "AF_WANPIPE", "AF_LLC", "AF_IB",
        "AF_MPLS", "AF_CAN", "AF_TIPC", "AF_BLUETOOTH", "AF_IUCV", "AF_RXRPC", "AF_ISDN", "AF_PHONET", "AF_IEEE802154",
        "AF_CAIF", "AF_ALG", "AF_NFC", "AF_VSOCK", "AF_KCM", "AF_QIPCRTR", "AF_SMC", "AF_XDP", "AF_MCTP",
    ];

    public static string Format(ArgumentFormat format, ulong value) => format switch
    {
        ArgumentFormat.SocketDomain => value < (ulong)s_families.Length ? s_families[value] : Decimal(value),
        ArgumentFormat.SocketType => SocketType(value) ?? Decimal(value),
        ArgumentFormat.ProtExec => value != 0 ? "PROT_EXEC" : "no PROT_EXEC",
        ArgumentFormat.SocketOption => Level((uint)(value >> 32)) + "," + ((int)(uint)value).ToString(CultureInfo.InvariantCulture),
        ArgumentFormat.Hex => "0x" + value.ToString("x", CultureInfo.InvariantCulture),
        _ => Decimal(value),
    };

    // include/linux/net.h, enum sock_type.
    private static string? SocketType(ulong value) => value switch
    {
        1 => "SOCK_STREAM",
        2 => "SOCK_DGRAM",
        3 => "SOCK_RAW",
        4 => "SOCK_RDM",
        5 => "SOCK_SEQPACKET",
        6 => "SOCK_DCCP",
        10 => "SOCK_PACKET",
        _ => null,
    };

    // SOL_SOCKET is 1 on every arch we name (0xffff on mips, sparc, parisc, alpha).
    private static string Level(uint level) => level switch
    {
        1 => "SOL_SOCKET",
        0 => "IPPROTO_IP",
        6 => "IPPROTO_TCP",
        17 => "IPPROTO_UDP",
        41 => "IPPROTO_IPV6",
        270 => "SOL_NETLINK",
        279 => "SOL_ALG",
        _ => ((int)level).ToString(CultureInfo.InvariantCulture),
    };

    // An int argument as the kernel reads it (signed 32 bits), a 64-bit one (ptrace's request) as a long.
    private static string Decimal(ulong value) => value <= uint.MaxValue
        ? ((int)(uint)value).ToString(CultureInfo.InvariantCulture)
        : ((long)value).ToString(CultureInfo.InvariantCulture);
}
