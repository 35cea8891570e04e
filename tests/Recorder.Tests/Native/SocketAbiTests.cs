using SeccompRecorder.Native;
using Xunit;

namespace SeccompRecorder.Tests.Native;

/// <summary>Our &lt;sys/socket.h&gt;, &lt;sys/uio.h&gt; and &lt;poll.h&gt; declarations against the C headers.</summary>
public sealed class SocketAbiTests
{
    [Fact]
    public async Task Msghdr_Layout_MatchesHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Layout<Interop.msghdr>(probe, "msghdr");
    }

    [Fact]
    public async Task Iovec_Layout_MatchesHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Layout<Interop.iovec>(probe, "iovec");
    }

    [Fact]
    public async Task Cmsghdr_Layout_MatchesHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Layout<Interop.cmsghdr>(probe, "cmsghdr");
    }

    [Fact]
    public async Task Ucred_Layout_MatchesHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Layout<Interop.ucred>(probe, "ucred");
    }

    [Fact]
    public async Task Pollfd_Layout_MatchesHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Layout<Interop.pollfd>(probe, "pollfd");
    }

    [Fact]
    public async Task CmsgMacros_OneFdAndMaxFds_MatchHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Constants(
            probe,
            ("CMSG_LEN_1", Interop.CMSG_LEN(sizeof(int))),
            ("CMSG_SPACE_1", Interop.CMSG_SPACE(sizeof(int))),
            ("CMSG_SPACE_253", Interop.CMSG_SPACE(UnixRights.MaxFdsPerMessage * sizeof(int))));
    }

    [Fact]
    public async Task SocketConstants_Values_MatchHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Constants(
            probe,
            ("SOL_SOCKET", Interop.SOL_SOCKET),
            ("SCM_RIGHTS", Interop.SCM_RIGHTS),
            ("SO_PEERCRED", Interop.SO_PEERCRED),
            ("MSG_CTRUNC", Interop.MSG_CTRUNC),
            ("MSG_TRUNC", Interop.MSG_TRUNC),
            ("MSG_DONTWAIT", Interop.MSG_DONTWAIT),
            ("MSG_NOSIGNAL", Interop.MSG_NOSIGNAL),
            ("MSG_CMSG_CLOEXEC", Interop.MSG_CMSG_CLOEXEC));
    }

    [Fact]
    public async Task PollConstants_Values_MatchHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Constants(
            probe,
            ("POLLIN", Interop.POLLIN),
            ("POLLERR", Interop.POLLERR),
            ("POLLHUP", Interop.POLLHUP),
            ("POLLNVAL", Interop.POLLNVAL));
    }
}
