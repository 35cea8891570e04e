using SeccompRecorder.Native;
using Xunit;

namespace SeccompRecorder.Tests.Native;

/// <summary>Our &lt;linux/seccomp.h&gt; declarations against the C headers (via probe/abi_probe.c) and the running kernel.</summary>
public sealed class SeccompAbiTests
{
    [Fact]
    public async Task SeccompData_Layout_MatchesHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Layout<Interop.seccomp_data>(probe, "seccomp_data");
    }

    [Fact]
    public async Task SeccompArgs_Size_IsSixU64AsInHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        // args[6] runs from its offset to the end of seccomp_data.
        long cArgsBytes = AbiProbe.Get(probe, "seccomp_data") - AbiProbe.Get(probe, "seccomp_data.args");
        Assert.Equal(cArgsBytes, System.Runtime.CompilerServices.Unsafe.SizeOf<Interop.seccomp_args>());
    }

    [Fact]
    public async Task SeccompNotif_Layout_MatchesHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Layout<Interop.seccomp_notif>(probe, "seccomp_notif");
    }

    [Fact]
    public async Task SeccompNotifResp_Layout_MatchesHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Layout<Interop.seccomp_notif_resp>(probe, "seccomp_notif_resp");
    }

    [Fact]
    public async Task SeccompNotifSizes_Layout_MatchesHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Layout<Interop.seccomp_notif_sizes>(probe, "seccomp_notif_sizes");
    }

    [Fact]
    public async Task IoctlsAndFlags_Values_MatchHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        // SET_FLAGS and SYNC_WAKE_UP are missing from Debian 12's 6.1 headers: the probe builds them with the
        // header's own _IOW macro, so the encoding is still checked.
        AbiAssert.Constants(
            probe,
            ("SECCOMP_GET_NOTIF_SIZES", Interop.SECCOMP_GET_NOTIF_SIZES),
            ("SECCOMP_IOCTL_NOTIF_RECV", (long)Interop.SECCOMP_IOCTL_NOTIF_RECV),
            ("SECCOMP_IOCTL_NOTIF_SEND", (long)Interop.SECCOMP_IOCTL_NOTIF_SEND),
            ("SECCOMP_IOCTL_NOTIF_ID_VALID", (long)Interop.SECCOMP_IOCTL_NOTIF_ID_VALID),
            ("SECCOMP_IOCTL_NOTIF_SET_FLAGS", (long)Interop.SECCOMP_IOCTL_NOTIF_SET_FLAGS),
            ("SECCOMP_USER_NOTIF_FLAG_CONTINUE", Interop.SECCOMP_USER_NOTIF_FLAG_CONTINUE),
            ("SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP", (long)Interop.SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP));
    }

    [Fact]
    public async Task SyscallNumbers_Values_MatchHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Constants(
            probe,
            ("SYS_seccomp", Interop.SYS_seccomp),
            ("SYS_pidfd_open", Interop.SYS_pidfd_open),
            ("SYS_pidfd_send_signal", Interop.SYS_pidfd_send_signal));
    }

    [Fact]
    public async Task KernelSizes_RunningKernel_EqualHeaderSizes()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        NotifySizes kernel = Seccomp.KernelSizes;

        Assert.Equal(AbiProbe.Get(probe, "seccomp_notif"), kernel.Notif);
        Assert.Equal(AbiProbe.Get(probe, "seccomp_notif_resp"), kernel.NotifResp);
        Assert.Equal(AbiProbe.Get(probe, "seccomp_data"), kernel.Data);
    }

    [Fact]
    public async Task OurSizes_Structs_EqualHeaderSizes()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        NotifySizes ours = Seccomp.OurSizes;

        Assert.Equal(AbiProbe.Get(probe, "seccomp_notif"), ours.Notif);
        Assert.Equal(AbiProbe.Get(probe, "seccomp_notif_resp"), ours.NotifResp);
        Assert.Equal(AbiProbe.Get(probe, "seccomp_data"), ours.Data);
    }

    [Fact]
    public void ReceiveBufferSize_RunningKernel_CoversKernelAndOurs()
    {
        Assert.True(Seccomp.ReceiveBufferSize >= Seccomp.KernelSizes.Notif);
        Assert.True(Seccomp.ReceiveBufferSize >= Seccomp.OurSizes.Notif);
    }
}
