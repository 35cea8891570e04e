using SeccompRecorder.Recording.Paths;
using SeccompRecorder.Syscalls;
using Xunit;

namespace SeccompRecorder.Tests.Recording.Paths;

public sealed class PathTableTests
{
    [Theory]
    [InlineData((byte)SyscallArch.X86_64, "mkdir", 0)]
    [InlineData((byte)SyscallArch.X86_64, "openat", 1)]
    [InlineData((byte)SyscallArch.X86_64, "chroot", 0)]
    [InlineData((byte)SyscallArch.X86_64, "mount", 1)]
    [InlineData((byte)SyscallArch.X86_64, "linkat", 3)]
    [InlineData((byte)SyscallArch.X86_64, "execveat", 1)]
    [InlineData((byte)SyscallArch.X86, "mkdir", 0)]
    [InlineData((byte)SyscallArch.X86, "stat64", 0)]
    [InlineData((byte)SyscallArch.Aarch64, "mkdirat", 1)]
    [InlineData((byte)SyscallArch.X32, "openat", 1)]
    public void TryGetPathArgument_PathTakingCall_ItsPathArgument(byte archValue, string name, int index)
    {
        SyscallArch arch = (SyscallArch)archValue;
        Assert.True(SyscallTable.TryGetNumber(arch, name, out int nr));

        Assert.True(PathTable.TryGetPathArgument(arch, nr, out _, out int found));
        Assert.Equal(index, found);
    }

    [Theory]
    [InlineData((byte)SyscallArch.X86_64, "getppid")]
    [InlineData((byte)SyscallArch.X86_64, "write")]
    [InlineData((byte)SyscallArch.X86, "socketcall")]
    public void TryGetPathArgument_OtherCall_False(byte archValue, string name)
    {
        SyscallArch arch = (SyscallArch)archValue;
        Assert.True(SyscallTable.TryGetNumber(arch, name, out int nr));

        Assert.False(PathTable.TryGetPathArgument(arch, nr, out _, out _));
    }

    [Theory]
    [InlineData((byte)SyscallArch.X86_64, -1L)]
    [InlineData((byte)SyscallArch.X86_64, 100_000L)]
    [InlineData((byte)SyscallArch.Unknown, 83L)]
    public void TryGetPathArgument_OutOfTable_False(byte archValue, long nr) =>
        Assert.False(PathTable.TryGetPathArgument((SyscallArch)archValue, nr, out _, out _));

    [Fact]
    public void Rows_EveryName_ATableKnowsIt_AndItsIndexIsAnArgument()
    {
        SyscallArch[] archs = [SyscallArch.X86_64, SyscallArch.X86, SyscallArch.X32, SyscallArch.Aarch64, SyscallArch.Arm];
        Assert.All(PathTable.Rows, row =>
        {
            Assert.Contains(archs, a => SyscallTable.TryGetNumber(a, row.Syscall, out _));
            Assert.InRange(row.Index, 0, 5);
        });
    }

    [Fact]
    public void Pointer_ThirtyTwoBitArchs_HighHalfIgnored()
    {
        Assert.Equal(0x1234_5678UL, PathTable.Pointer(SyscallArch.X86, 0xFFFF_FFFF_1234_5678));
        Assert.Equal(0x1234_5678UL, PathTable.Pointer(SyscallArch.Arm, 0xFFFF_FFFF_1234_5678));
        Assert.Equal(0x7FFF_1234_5678UL, PathTable.Pointer(SyscallArch.X86_64, 0x7FFF_1234_5678));
    }
}
