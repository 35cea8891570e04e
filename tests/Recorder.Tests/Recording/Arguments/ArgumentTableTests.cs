using SeccompRecorder.Recording.Arguments;
using SeccompRecorder.Syscalls;
using SeccompRecorder.Tests.Recording;
using Xunit;

namespace SeccompRecorder.Tests.Recording.Arguments;

public sealed class ArgumentTableTests
{
    private const ulong SOCK_NONBLOCK = 0x800;
    private const ulong SOCK_CLOEXEC = 0x80000;

    public static TheoryData<string, string, string> TrackedByArch => new()
    {
        { "x86_64", "socket", "domain,type,protocol" },
        { "x86_64", "mmap", "exec" },
        { "x86_64", "setsockopt", "option" },
        { "x86", "socket", "domain,type,protocol" },
        { "x86", "socketcall", "call" },
        { "x86", "mmap2", "exec" },
        { "x86", "fcntl64", "cmd" },
        { "x32", "ioctl", "request" },
        { "x32", "ptrace", "request" },
        { "aarch64", "clone", "flags" },
        { "aarch64", "pkey_mprotect", "exec" },
        { "arm", "socketpair", "domain,type,protocol" },
        { "arm", "mmap2", "exec" },
        { "arm", "getsockopt", "option" },
    };

    [Theory]
    [MemberData(nameof(TrackedByArch))]
    public void TryGetRules_NamedInTheArchsOwnTable_HasTheArguments(string archName, string syscall, string arguments)
    {
        Assert.True(ArchDecoder.TryParse(archName, out SyscallArch arch));
        Assert.True(SyscallTable.TryGetNumber(arch, syscall, out int nr));

        Assert.True(ArgumentTable.TryGetRules(arch, nr, out int first, out int count));
        Assert.Equal(arguments, string.Join(',', Enumerable.Range(first, count).Select(i => ArgumentTable.Rule(i).Name)));
    }

    [Fact]
    public void TryGetRules_I386OldMmapTakesAPointer_NotTracked()
    {
        Assert.True(SyscallTable.TryGetNumber(SyscallArch.X86, "mmap", out int nr));

        Assert.False(ArgumentTable.TryGetRules(SyscallArch.X86, nr, out _, out _));
    }

    [Theory]
    [InlineData("x86_64", "getppid")]
    [InlineData("x86_64", "clone3")]
    [InlineData("unknown", "socket")]
    public void TryGetRules_CallWithoutScalarArguments_NotTracked(string archName, string syscall)
    {
        ArchDecoder.TryParse(archName, out SyscallArch arch);
        int nr = SyscallTable.TryGetNumber(arch, syscall, out int number) ? number : 41;

        Assert.False(ArgumentTable.TryGetRules(arch, nr, out _, out _));
    }

    [Fact]
    public void Rows_EverySyscall_ExistsOnSomeArch()
    {
        SyscallArch[] arches = [SyscallArch.X86_64, SyscallArch.X86, SyscallArch.X32, SyscallArch.Aarch64, SyscallArch.Arm];

        Assert.All(ArgumentTable.Rows, row => Assert.Contains(arches, arch => SyscallTable.TryGetNumber(arch, row.Syscall, out _)));
    }

    [Fact]
    public void Extract_SocketType_WithoutNonblockAndCloexec()
    {
        Assert.True(ArgumentTable.TryGetRules(SyscallArch.X86_64, 41, out int first, out _));
        var call = RecordingHarness.WithArgs(ArchDecoder.AUDIT_ARCH_X86_64, 41, 38, 5 | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

        Assert.Equal(38UL, ArgumentTable.Rule(first).Extract(call));
        Assert.Equal(5UL, ArgumentTable.Rule(first + 1).Extract(call));
    }

    [Theory]
    [InlineData("clone", 0, 0x1_7E02_0011UL, 0x7E02_0000UL)] // high half and exit signal (SIGCHLD) dropped
    [InlineData("ioctl", 1, 0xFFFF_FFFF_C020_660BUL, 0xC020_660BUL)] // low 32 bits
    [InlineData("mprotect", 2, 7UL, 4UL)] // PROT_READ|PROT_WRITE|PROT_EXEC: the exec bit
    [InlineData("mprotect", 2, 3UL, 0UL)]
    [InlineData("unshare", 0, 0x1_0000_0000UL, 0x1_0000_0000UL)] // unsigned long: all 64 bits
    [InlineData("prctl", 0, 0xFFFF_FFFF_0000_0016UL, 0x16UL)] // int: the kernel reads 32 bits
    public void Extract_X86_64_MasksAsTheKernelReads(string syscall, int index, ulong register, ulong expected)
    {
        Assert.True(SyscallTable.TryGetNumber(SyscallArch.X86_64, syscall, out int nr));
        Assert.True(ArgumentTable.TryGetRules(SyscallArch.X86_64, nr, out int first, out _));
        ulong[] args = new ulong[6];
        args[index] = register;

        Assert.Equal(expected, ArgumentTable.Rule(first).Extract(RecordingHarness.WithArgs(ArchDecoder.AUDIT_ARCH_X86_64, nr, args)));
    }

    [Fact]
    public void Extract_Setsockopt_LevelAndNameAsOnePair()
    {
        Assert.True(SyscallTable.TryGetNumber(SyscallArch.X86_64, "setsockopt", out int nr));
        Assert.True(ArgumentTable.TryGetRules(SyscallArch.X86_64, nr, out int first, out _));

        ulong value = ArgumentTable.Rule(first).Extract(RecordingHarness.WithArgs(ArchDecoder.AUDIT_ARCH_X86_64, nr, 3, 1, 2));

        Assert.Equal(1UL << 32 | 2, value);
        Assert.Equal("SOL_SOCKET,2", ArgumentText.Format(ArgumentFormat.SocketOption, value));
    }

    [Theory]
    [InlineData("SocketDomain", 38UL, "AF_ALG")]
    [InlineData("SocketDomain", 99UL, "99")]
    [InlineData("SocketType", 2UL, "SOCK_DGRAM")]
    [InlineData("ProtExec", 4UL, "PROT_EXEC")]
    [InlineData("ProtExec", 0UL, "no PROT_EXEC")]
    [InlineData("Hex", 0x5401UL, "0x5401")]
    [InlineData("Decimal", 0xFFFF_FFFFUL, "-1")]
    [InlineData("SocketOption", 0xFFFF_FFFF_FFFF_FFFFUL, "-1,-1")]
    public void Format_Value_ReadsAsPeopleWriteIt(string format, ulong value, string text) =>
        Assert.Equal(text, ArgumentText.Format(Enum.Parse<ArgumentFormat>(format), value));
}
