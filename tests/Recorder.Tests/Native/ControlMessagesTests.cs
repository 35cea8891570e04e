using System.Buffers.Binary;
using SeccompRecorder.Native;
using Xunit;

namespace SeccompRecorder.Tests.Native;

/// <summary>
/// CollectRights over hand-built control buffers in the LP64 glibc layout (x86_64 and arm64: little-endian, 8-byte
/// cmsg_len, headers aligned to 8). Slots marked "patched" receive a fresh eventfd that nothing else owns, so the
/// SafeFdHandles CollectRights makes are the only owners. Numbers that must NOT be collected are far above any fd
/// this process can have (0x7fffff00+), so even a buggy collect-and-close touches nothing real.
/// </summary>
public sealed class ControlMessagesTests
{
    public ControlMessagesTests() => Assert.Equal(8, IntPtr.Size);

    [Fact]
    public void CollectRights_OneRightsMessageWithOneFd_ReturnsTrueAndOwnsTheFd()
    {
        byte[] control =
        [
            0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // cmsg_len = 20 (16-byte header + 1 int)
            0x01, 0x00, 0x00, 0x00,                         // cmsg_level = SOL_SOCKET (1)
            0x01, 0x00, 0x00, 0x00,                         // cmsg_type = SCM_RIGHTS (1)
            0x00, 0x00, 0x00, 0x00,                         // fd[0] (patched)
            0x00, 0x00, 0x00, 0x00,                         // padding to CMSG_ALIGN(20) = 24
        ];
        int[] raw = RawEventFds(1);
        Patch(control, 16, raw[0]);
        List<SafeFdHandle> fds = [];
        try
        {
            bool wellFormed = ControlMessages.CollectRights(control, fds);

            Assert.True(wellFormed);
            Assert.Equal(raw, fds.Select(f => f.FdForDisplay));
            Assert.Equal("anon_inode:[eventfd]", ProcSelfFd.Target(raw[0]));
        }
        finally
        {
            Cleanup(fds, raw);
        }
    }

    [Fact]
    public void CollectRights_UnpaddedLastMessage_ReturnsTheFd()
    {
        // The kernel shortens msg_controllen to what it wrote: the last message may end without its padding.
        byte[] control =
        [
            0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // cmsg_len = 20
            0x01, 0x00, 0x00, 0x00,                         // cmsg_level = SOL_SOCKET
            0x01, 0x00, 0x00, 0x00,                         // cmsg_type = SCM_RIGHTS
            0x00, 0x00, 0x00, 0x00,                         // fd[0] (patched); the buffer ends here, at byte 20
        ];
        int[] raw = RawEventFds(1);
        Patch(control, 16, raw[0]);
        List<SafeFdHandle> fds = [];
        try
        {
            Assert.True(ControlMessages.CollectRights(control, fds));
            Assert.Equal(raw, fds.Select(f => f.FdForDisplay));
        }
        finally
        {
            Cleanup(fds, raw);
        }
    }

    [Fact]
    public void CollectRights_OneRightsMessageWithTwoFds_ReturnsBothInOrder()
    {
        byte[] control =
        [
            0x18, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // cmsg_len = 24 (16 + 2 ints): already aligned
            0x01, 0x00, 0x00, 0x00,                         // cmsg_level = SOL_SOCKET
            0x01, 0x00, 0x00, 0x00,                         // cmsg_type = SCM_RIGHTS
            0x00, 0x00, 0x00, 0x00,                         // fd[0] (patched)
            0x00, 0x00, 0x00, 0x00,                         // fd[1] (patched)
        ];
        int[] raw = RawEventFds(2);
        Patch(control, 16, raw[0]);
        Patch(control, 20, raw[1]);
        List<SafeFdHandle> fds = [];
        try
        {
            Assert.True(ControlMessages.CollectRights(control, fds));
            Assert.Equal(raw, fds.Select(f => f.FdForDisplay));
        }
        finally
        {
            Cleanup(fds, raw);
        }
    }

    [Fact]
    public void CollectRights_TwoRightsMessages_ReturnsFdsOfBothInOrder()
    {
        byte[] control =
        [
            // message 1: one fd
            0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // cmsg_len = 20
            0x01, 0x00, 0x00, 0x00,                         // cmsg_level = SOL_SOCKET
            0x01, 0x00, 0x00, 0x00,                         // cmsg_type = SCM_RIGHTS
            0x00, 0x00, 0x00, 0x00,                         // fd[0] (patched)
            0x00, 0x00, 0x00, 0x00,                         // padding to 24
            // message 2, at offset 24: two fds
            0x18, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // cmsg_len = 24
            0x01, 0x00, 0x00, 0x00,                         // cmsg_level = SOL_SOCKET
            0x01, 0x00, 0x00, 0x00,                         // cmsg_type = SCM_RIGHTS
            0x00, 0x00, 0x00, 0x00,                         // fd[0] (patched)
            0x00, 0x00, 0x00, 0x00,                         // fd[1] (patched)
        ];
        int[] raw = RawEventFds(3);
        Patch(control, 16, raw[0]);
        Patch(control, 40, raw[1]);
        Patch(control, 44, raw[2]);
        List<SafeFdHandle> fds = [];
        try
        {
            Assert.True(ControlMessages.CollectRights(control, fds));
            Assert.Equal(raw, fds.Select(f => f.FdForDisplay));
        }
        finally
        {
            Cleanup(fds, raw);
        }
    }

    [Fact]
    public void CollectRights_CredentialsThenRights_SkipsCredentialsAndReturnsTheFd()
    {
        // What recvmsg gives when the receiver set SO_PASSCRED: SCM_CREDENTIALS first, then SCM_RIGHTS.
        byte[] control =
        [
            // SCM_CREDENTIALS: struct ucred, none of it an fd
            0x1C, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // cmsg_len = 28 (16 + 12)
            0x01, 0x00, 0x00, 0x00,                         // cmsg_level = SOL_SOCKET
            0x02, 0x00, 0x00, 0x00,                         // cmsg_type = SCM_CREDENTIALS (2)
            0x01, 0xFF, 0xFF, 0x7F,                         // pid = 0x7fffff01
            0x02, 0xFF, 0xFF, 0x7F,                         // uid = 0x7fffff02
            0x03, 0xFF, 0xFF, 0x7F,                         // gid = 0x7fffff03
            0x00, 0x00, 0x00, 0x00,                         // padding to CMSG_ALIGN(28) = 32
            // SCM_RIGHTS at offset 32
            0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // cmsg_len = 20
            0x01, 0x00, 0x00, 0x00,                         // cmsg_level = SOL_SOCKET
            0x01, 0x00, 0x00, 0x00,                         // cmsg_type = SCM_RIGHTS
            0x00, 0x00, 0x00, 0x00,                         // fd[0] (patched)
            0x00, 0x00, 0x00, 0x00,                         // padding to 24
        ];
        int[] raw = RawEventFds(1);
        Patch(control, 48, raw[0]);
        List<SafeFdHandle> fds = [];
        try
        {
            Assert.True(ControlMessages.CollectRights(control, fds));
            Assert.Equal(raw, fds.Select(f => f.FdForDisplay));
        }
        finally
        {
            Cleanup(fds, raw);
        }
    }

    [Fact]
    public void CollectRights_TypeOneAtAnotherLevel_IsNotTakenForRights()
    {
        byte[] control =
        [
            0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // cmsg_len = 20
            0x00, 0x00, 0x00, 0x00,                         // cmsg_level = SOL_IP (0)
            0x01, 0x00, 0x00, 0x00,                         // cmsg_type = 1 (IP_TOS): same number as SCM_RIGHTS
            0x04, 0xFF, 0xFF, 0x7F,                         // data = 0x7fffff04, not an fd
            0x00, 0x00, 0x00, 0x00,                         // padding to 24
        ];
        List<SafeFdHandle> fds = [];

        Assert.True(ControlMessages.CollectRights(control, fds));
        Assert.Empty(fds);
    }

    [Theory]
    [InlineData(0)]  // would loop forever if taken as a length
    [InlineData(8)]
    [InlineData(15)] // one byte short of the header
    public void CollectRights_LengthSmallerThanHeader_ReturnsFalseKeepingEarlierFds(byte badLength)
    {
        byte[] control =
        [
            // a good message first
            0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // cmsg_len = 20
            0x01, 0x00, 0x00, 0x00,                         // cmsg_level = SOL_SOCKET
            0x01, 0x00, 0x00, 0x00,                         // cmsg_type = SCM_RIGHTS
            0x00, 0x00, 0x00, 0x00,                         // fd[0] (patched)
            0x00, 0x00, 0x00, 0x00,                         // padding to 24
            // then a header whose length cannot even cover itself, at offset 24
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // cmsg_len = badLength (patched)
            0x01, 0x00, 0x00, 0x00,                         // cmsg_level = SOL_SOCKET
            0x01, 0x00, 0x00, 0x00,                         // cmsg_type = SCM_RIGHTS
            0x05, 0xFF, 0xFF, 0x7F,                         // 0x7fffff05: must not be collected
            0x00, 0x00, 0x00, 0x00,                         // padding
        ];
        int[] raw = RawEventFds(1);
        Patch(control, 16, raw[0]);
        control[24] = badLength;
        List<SafeFdHandle> fds = [];
        try
        {
            Assert.False(ControlMessages.CollectRights(control, fds));
            Assert.Equal(raw, fds.Select(f => f.FdForDisplay));
        }
        finally
        {
            Cleanup(fds, raw);
        }
    }

    [Fact]
    public void CollectRights_LengthPastTheBuffer_ReturnsFalseKeepingEarlierFds()
    {
        byte[] control =
        [
            0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // cmsg_len = 20
            0x01, 0x00, 0x00, 0x00,                         // cmsg_level = SOL_SOCKET
            0x01, 0x00, 0x00, 0x00,                         // cmsg_type = SCM_RIGHTS
            0x00, 0x00, 0x00, 0x00,                         // fd[0] (patched)
            0x00, 0x00, 0x00, 0x00,                         // padding to 24
            // at offset 24: claims 32 bytes, only 24 remain
            0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // cmsg_len = 32
            0x01, 0x00, 0x00, 0x00,                         // cmsg_level = SOL_SOCKET
            0x01, 0x00, 0x00, 0x00,                         // cmsg_type = SCM_RIGHTS
            0x06, 0xFF, 0xFF, 0x7F,                         // 0x7fffff06: must not be collected
            0x07, 0xFF, 0xFF, 0x7F,                         // 0x7fffff07: must not be collected
        ];
        int[] raw = RawEventFds(1);
        Patch(control, 16, raw[0]);
        List<SafeFdHandle> fds = [];
        try
        {
            Assert.False(ControlMessages.CollectRights(control, fds));
            Assert.Equal(raw, fds.Select(f => f.FdForDisplay));
        }
        finally
        {
            Cleanup(fds, raw);
        }
    }

    [Fact]
    public void CollectRights_HugeLength_ReturnsFalse()
    {
        byte[] control =
        [
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, // cmsg_len = 2^64 - 1
            0x01, 0x00, 0x00, 0x00,                         // cmsg_level = SOL_SOCKET
            0x01, 0x00, 0x00, 0x00,                         // cmsg_type = SCM_RIGHTS
            0x08, 0xFF, 0xFF, 0x7F,                         // 0x7fffff08: must not be collected
            0x00, 0x00, 0x00, 0x00,                         // padding
        ];
        List<SafeFdHandle> fds = [];

        Assert.False(ControlMessages.CollectRights(control, fds));
        Assert.Empty(fds);
    }

    [Fact]
    public void CollectRights_EmptyBuffer_ReturnsTrueWithNoFds()
    {
        List<SafeFdHandle> fds = [];

        Assert.True(ControlMessages.CollectRights([], fds));
        Assert.Empty(fds);
    }

    [Fact]
    public void CollectRights_TailShorterThanHeader_IsIgnoredLikeCmsgNxthdr()
    {
        byte[] control =
        [
            0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // cmsg_len = 20
            0x01, 0x00, 0x00, 0x00,                         // cmsg_level = SOL_SOCKET
            0x01, 0x00, 0x00, 0x00,                         // cmsg_type = SCM_RIGHTS
            0x00, 0x00, 0x00, 0x00,                         // fd[0] (patched)
            0x00, 0x00, 0x00, 0x00,                         // padding to 24
            0x09, 0xFF, 0xFF, 0x7F, 0x00, 0x00, 0x00, 0x00, // 8 trailing bytes: too short for a header
        ];
        int[] raw = RawEventFds(1);
        Patch(control, 16, raw[0]);
        List<SafeFdHandle> fds = [];
        try
        {
            Assert.True(ControlMessages.CollectRights(control, fds));
            Assert.Equal(raw, fds.Select(f => f.FdForDisplay));
        }
        finally
        {
            Cleanup(fds, raw);
        }
    }

    private static void Patch(byte[] control, int offset, int fd) => BinaryPrimitives.WriteInt32LittleEndian(control.AsSpan(offset), fd);

    /// <summary>eventfds that no SafeHandle owns yet: CollectRights is to take them over.</summary>
    private static int[] RawEventFds(int count)
    {
        int[] fds = new int[count];
        for (int i = 0; i < count; i++)
        {
            fds[i] = Interop.eventfd(0, Interop.EFD_CLOEXEC);
            Assert.True(fds[i] >= 0, "eventfd failed");
        }

        return fds;
    }

    /// <summary>Disposes what CollectRights made and closes the raw fds it did not take, so a failing test leaks nothing.</summary>
    private static void Cleanup(List<SafeFdHandle> collected, int[] raw)
    {
        HashSet<int> owned = [.. collected.Where(f => !f.IsClosed).Select(f => f.FdForDisplay)];
        HashSet<int> disposed = [.. collected.Where(f => f.IsClosed).Select(f => f.FdForDisplay)];
        foreach (SafeFdHandle fd in collected)
        {
            fd.Dispose();
        }

        foreach (int fd in raw)
        {
            if (!owned.Contains(fd) && !disposed.Contains(fd))
            {
                Interop.close(fd);
            }
        }
    }
}
