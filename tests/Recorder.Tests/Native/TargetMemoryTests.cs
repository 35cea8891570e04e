using System.Runtime.InteropServices;
using SeccompRecorder.Native;
using Xunit;

namespace SeccompRecorder.Tests.Native;

/// <summary>process_vm_readv of a string, on this process's own memory (same uid, dumpable: no capability needed).</summary>
public sealed unsafe class TargetMemoryTests
{
    private const int MAP_PRIVATE = 0x02;
    private const int MAP_FIXED = 0x10;
    private const int MAP_ANONYMOUS = 0x20;
    private const int PROT_NONE = 0;

    private static readonly int s_self = Environment.ProcessId;

    [Fact]
    public void TryReadString_NulTerminated_ItsBytesWithoutTheNul()
    {
        byte* text = (byte*)NativeMemory.Alloc(32);
        try
        {
            "/tmp/denied\0garbage"u8.CopyTo(new Span<byte>(text, 32));
            byte[] buffer = new byte[4096];

            Assert.True(TargetMemory.TryReadString(s_self, (ulong)text, buffer, out int length, out bool truncated, out Errno errno));

            Assert.Equal("/tmp/denied"u8.ToArray(), buffer[..length]);
            Assert.False(truncated);
            Assert.Equal(Errno.SUCCESS, errno);
        }
        finally
        {
            NativeMemory.Free(text);
        }
    }

    [Fact]
    public void TryReadString_LongerThanTheBuffer_BufferFullAndTruncated()
    {
        byte* text = (byte*)NativeMemory.Alloc(100);
        try
        {
            new Span<byte>(text, 100).Fill((byte)'a');
            text[99] = 0;
            byte[] buffer = new byte[16];

            Assert.True(TargetMemory.TryReadString(s_self, (ulong)text, buffer, out int length, out bool truncated, out _));

            Assert.Equal((16, true), (length, truncated));
        }
        finally
        {
            NativeMemory.Free(text);
        }
    }

    [Fact]
    public void TryReadString_RunsIntoAnUnmappedPage_TheBytesBeforeItTruncated()
    {
        int page = Environment.SystemPageSize;
        byte* pages = (byte*)Interop.mmap(null, (nuint)(2 * page), Interop.PROT_READ | Interop.PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        Assert.True((nint)pages != Interop.MAP_FAILED);
        // The second page unreadable; both pages stay reserved for the life of the test process (no munmap wrapper).
        Assert.True((nint)Interop.mmap(pages + page, (nuint)page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != Interop.MAP_FAILED);
        byte* start = pages + page - 10;
        new Span<byte>(start, 10).Fill((byte)'b');
        byte[] buffer = new byte[4096];

        Assert.True(TargetMemory.TryReadString(s_self, (ulong)start, buffer, out int length, out bool truncated, out _));

        Assert.Equal((10, true), (length, truncated));
        Assert.Equal(new string('b', 10), System.Text.Encoding.ASCII.GetString(buffer, 0, length));
    }

    [Fact]
    public void TryReadString_Null_Efault()
    {
        Assert.False(TargetMemory.TryReadString(s_self, 0, new byte[64], out _, out _, out Errno errno));
        Assert.Equal(Errno.EFAULT, errno);
    }

    [Fact]
    public void TryReadString_NoSuchProcess_Esrch()
    {
        // Above pid_max (at most 2^22 on Linux).
        Assert.False(TargetMemory.TryReadString(int.MaxValue, 4096, new byte[64], out _, out _, out Errno errno));
        Assert.Equal(Errno.ESRCH, errno);
    }
}
