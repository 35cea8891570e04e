using SeccompRecorder.Native;
using Xunit;

namespace SeccompRecorder.Tests.Native;

/// <summary>The rest of our libc declarations (statx, eventfd, flock, open, errno) against the C headers.</summary>
public sealed class LibcAbiTests
{
    [Fact]
    public async Task StatxHead_Layout_MatchesHeadOfStructStatx()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        // statx_head names only the fields up to stx_dev_minor but must be as large as struct statx: the kernel writes it all.
        AbiAssert.Layout<Interop.statx_head>(probe, "statx", partial: true);
        AbiAssert.Layout<Interop.statx_timestamp>(probe, "statx_timestamp");
    }

    [Fact]
    public async Task StatxAndEventFdConstants_Values_MatchHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Constants(
            probe,
            ("AT_FDCWD", Interop.AT_FDCWD),
            ("AT_SYMLINK_NOFOLLOW", Interop.AT_SYMLINK_NOFOLLOW),
            ("AT_EMPTY_PATH", Interop.AT_EMPTY_PATH),
            ("STATX_TYPE", Interop.STATX_TYPE),
            ("STATX_INO", Interop.STATX_INO),
            ("S_IFMT", Interop.S_IFMT),
            ("S_IFSOCK", Interop.S_IFSOCK),
            ("EFD_NONBLOCK", Interop.EFD_NONBLOCK),
            ("EFD_CLOEXEC", Interop.EFD_CLOEXEC));
    }

    [Fact]
    public async Task FlockAndOpenConstants_Values_MatchHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Constants(
            probe,
            ("LOCK_SH", Interop.LOCK_SH),
            ("LOCK_EX", Interop.LOCK_EX),
            ("LOCK_NB", Interop.LOCK_NB),
            ("LOCK_UN", Interop.LOCK_UN),
            ("O_RDWR", Interop.O_RDWR),
            ("O_CREAT", Interop.O_CREAT),
            ("O_CLOEXEC", Interop.O_CLOEXEC));
    }

    [Fact]
    public async Task Sigaction_LayoutAndFlags_MatchHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Layout<Interop.sigaction_t>(probe, "sigaction");
        AbiAssert.Constants(
            probe,
            ("SA_SIGINFO", Interop.SA_SIGINFO),
            ("SA_RESTART", Interop.SA_RESTART),
            ("SIG_DFL", Interop.SIG_DFL),
            ("SIG_IGN", Interop.SIG_IGN));
    }

    [Fact]
    public async Task Openat2_LayoutAndConstants_MatchHeader()
    {
        IReadOnlyDictionary<string, long> probe = await AbiProbe.ValuesAsync();

        AbiAssert.Layout<Interop.open_how>(probe, "open_how");
        AbiAssert.Constants(
            probe,
            ("SYS_openat2", Interop.SYS_openat2),
            ("RESOLVE_NO_XDEV", (long)Interop.RESOLVE_NO_XDEV),
            ("RESOLVE_NO_MAGICLINKS", (long)Interop.RESOLVE_NO_MAGICLINKS),
            ("RESOLVE_NO_SYMLINKS", (long)Interop.RESOLVE_NO_SYMLINKS),
            ("RESOLVE_BENEATH", (long)Interop.RESOLVE_BENEATH),
            ("RESOLVE_IN_ROOT", (long)Interop.RESOLVE_IN_ROOT),
            ("O_RDONLY", (long)Interop.O_RDONLY),
            ("O_NOCTTY", (long)Interop.O_NOCTTY),
            ("O_NONBLOCK", (long)Interop.O_NONBLOCK),
            ("O_PATH", (long)Interop.O_PATH),
            ("STATX_UID", Interop.STATX_UID),
            ("STATX_SIZE", Interop.STATX_SIZE),
            ("S_IFREG", Interop.S_IFREG));
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
