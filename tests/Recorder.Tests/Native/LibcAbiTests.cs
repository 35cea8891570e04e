using SeccompRecorder.Native;
using Xunit;

namespace SeccompRecorder.Tests.Native;

/// <summary>The rest of our libc declarations (statx, eventfd, errno) against the C headers.</summary>
public sealed class LibcAbiTests
{
    [Fact]
    public async Task StatxHead_Layout_MatchesHeadOfStructStatx()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        // statx_head names only the fields up to stx_mode but must be as large as struct statx: the kernel writes it all.
        AbiAssert.Layout<Interop.statx_head>(probe, "statx", partial: true);
    }

    [Fact]
    public async Task StatxAndEventFdConstants_Values_MatchHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Constants(
            probe,
            ("AT_FDCWD", Interop.AT_FDCWD),
            ("AT_SYMLINK_NOFOLLOW", Interop.AT_SYMLINK_NOFOLLOW),
            ("STATX_TYPE", Interop.STATX_TYPE),
            ("S_IFMT", Interop.S_IFMT),
            ("S_IFSOCK", Interop.S_IFSOCK),
            ("EFD_NONBLOCK", Interop.EFD_NONBLOCK),
            ("EFD_CLOEXEC", Interop.EFD_CLOEXEC));
    }

    [Fact]
    public async Task Errno_EveryMember_MatchesHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Constants(
            probe,
            [.. Enum.GetValues<Errno>().Where(e => e != Errno.SUCCESS).Select(e => (e.ToString(), (long)e))]);
    }
}
