using System.Runtime.CompilerServices;

namespace SeccompRecorder.Native;

/// <summary>Process-wide seccomp facts: the kernel's struct sizes against ours.</summary>
public static class Seccomp
{
    private static readonly Lazy<NotifySizes> s_kernelSizes = new(QueryKernelSizes);

    public static NotifySizes OurSizes { get; } = new(
        Unsafe.SizeOf<Interop.seccomp_notif>(),
        Unsafe.SizeOf<Interop.seccomp_notif_resp>(),
        Unsafe.SizeOf<Interop.seccomp_data>());

    /// <summary>seccomp(SECCOMP_GET_NOTIF_SIZES): the kernel may grow seccomp_data, so RECV buffers use the larger size.</summary>
    public static NotifySizes KernelSizes => s_kernelSizes.Value;

    /// <summary>Bytes a RECV buffer needs: the larger of the kernel's and ours.</summary>
    internal static int ReceiveBufferSize => Math.Max(KernelSizes.Notif, OurSizes.Notif);

    private static unsafe NotifySizes QueryKernelSizes()
    {
        Interop.seccomp_notif_sizes sizes = default;
        long result = Interop.syscall3(Interop.SYS_seccomp, (nint)Interop.SECCOMP_GET_NOTIF_SIZES, 0, (nint)(&sizes));
        if (result != 0)
        {
            throw new ErrnoException(Interop.LastErrno(), "seccomp(SECCOMP_GET_NOTIF_SIZES)");
        }

        return new NotifySizes(sizes.seccomp_notif, sizes.seccomp_notif_resp, sizes.seccomp_data);
    }
}
