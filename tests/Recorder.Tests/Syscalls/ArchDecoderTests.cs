using SeccompRecorder.Syscalls;
using Xunit;

namespace SeccompRecorder.Tests.Syscalls;

public sealed class ArchDecoderTests
{
    // Theories take arches as byte: a public test method cannot have the internal enum as a parameter.

    [Theory]
    [InlineData(0xC000003Eu, 20, (byte)SyscallArch.X86_64, 20)]
    [InlineData(0x40000003u, 20, (byte)SyscallArch.X86, 20)]
    [InlineData(0xC00000B7u, 172, (byte)SyscallArch.Aarch64, 172)]
    [InlineData(0x40000028u, 0x0f0002, (byte)SyscallArch.Arm, 0x0f0002)]
    // i386 and arm do not use bit 30: it stays in the number.
    [InlineData(0x40000003u, 0x40000001, (byte)SyscallArch.X86, 0x40000001)]
    public void Decode_KnownAuditArch_ReturnsArchAndSameNumber(uint auditArch, int nr, byte expectedValue, int expectedTableNr)
    {
        var expected = (SyscallArch)expectedValue;
        SyscallArch arch = ArchDecoder.Decode(auditArch, nr, out int tableNr);

        Assert.Equal(expected, arch);
        Assert.Equal(expectedTableNr, tableNr);
    }

    [Fact]
    public void Decode_X86_64WithX32Bit_ReturnsX32WriteWithBitCleared()
    {
        SyscallArch arch = ArchDecoder.Decode(ArchDecoder.AUDIT_ARCH_X86_64, 0x40000000 | 1, out int tableNr);

        Assert.Equal(SyscallArch.X32, arch);
        Assert.Equal(1, tableNr);
        Assert.Equal("write", SyscallTable.Name(arch, tableNr));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0x80000016u)] // AUDIT_ARCH_S390X
    [InlineData(0xC00000F3u)] // AUDIT_ARCH_RISCV64
    [InlineData(0x4000003Eu)] // x86_64 without __AUDIT_ARCH_64BIT
    public void Decode_UnknownAuditArch_ReturnsUnknownAndSameNumber(uint auditArch)
    {
        SyscallArch arch = ArchDecoder.Decode(auditArch, 0x40000001, out int tableNr);

        Assert.Equal(SyscallArch.Unknown, arch);
        Assert.Equal(0x40000001, tableNr);
        Assert.Null(SyscallTable.Name(arch, tableNr));
    }

    [Theory]
    [InlineData((byte)SyscallArch.X86_64, "x86_64")]
    [InlineData((byte)SyscallArch.X86, "x86")]
    [InlineData((byte)SyscallArch.X32, "x32")]
    [InlineData((byte)SyscallArch.Aarch64, "aarch64")]
    [InlineData((byte)SyscallArch.Arm, "arm")]
    [InlineData((byte)SyscallArch.Unknown, "unknown")]
    public void Name_Arch_ReturnsLibseccompName(byte archValue, string expected)
    {
        var arch = (SyscallArch)archValue;
        Assert.Equal(expected, ArchDecoder.Name(arch));
    }

    [Fact]
    public void Name_UnknownWithAuditArch_ReturnsEightHexDigits()
    {
        Assert.Equal("audit:0x80000016", ArchDecoder.Name(SyscallArch.Unknown, 0x80000016));
        Assert.Equal("audit:0x00000000", ArchDecoder.Name(SyscallArch.Unknown, 0));
        Assert.Equal("audit:0xc00000f3", ArchDecoder.Name(SyscallArch.Unknown, 0xC00000F3));
    }

    [Fact]
    public void Name_KnownArchWithAuditArch_IgnoresAuditArch()
    {
        Assert.Equal("x32", ArchDecoder.Name(SyscallArch.X32, ArchDecoder.AUDIT_ARCH_X86_64));
    }

    [Theory]
    [InlineData((byte)SyscallArch.X86_64)]
    [InlineData((byte)SyscallArch.X86)]
    [InlineData((byte)SyscallArch.X32)]
    [InlineData((byte)SyscallArch.Aarch64)]
    [InlineData((byte)SyscallArch.Arm)]
    public void TryParse_NameOfArch_RoundTrips(byte archValue)
    {
        var arch = (SyscallArch)archValue;
        Assert.True(ArchDecoder.TryParse(ArchDecoder.Name(arch), out SyscallArch parsed));
        Assert.Equal(arch, parsed);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("audit:0x80000016")]
    [InlineData("X86_64")]
    [InlineData("i386")]
    [InlineData("SCMP_ARCH_X86_64")]
    [InlineData("")]
    public void TryParse_OtherName_ReturnsFalse(string name)
    {
        Assert.False(ArchDecoder.TryParse(name, out SyscallArch parsed));
        Assert.Equal(SyscallArch.Unknown, parsed);
    }

    [Theory]
    [InlineData((byte)SyscallArch.X86_64, 0xC000003Eu)]
    [InlineData((byte)SyscallArch.X86, 0x40000003u)]
    [InlineData((byte)SyscallArch.X32, 0xC000003Eu)]
    [InlineData((byte)SyscallArch.Aarch64, 0xC00000B7u)]
    [InlineData((byte)SyscallArch.Arm, 0x40000028u)]
    public void AuditArch_KnownArch_ReturnsKernelValue(byte archValue, uint expected)
    {
        var arch = (SyscallArch)archValue;
        Assert.Equal(expected, ArchDecoder.AuditArch(arch));
    }

    [Fact]
    public void AuditArch_Unknown_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ArchDecoder.AuditArch(SyscallArch.Unknown));
    }

    [Theory]
    [InlineData((byte)SyscallArch.X86_64, 20)]
    [InlineData((byte)SyscallArch.X86, 20)]
    [InlineData((byte)SyscallArch.X32, 1)]
    [InlineData((byte)SyscallArch.Aarch64, 172)]
    [InlineData((byte)SyscallArch.Arm, 20)]
    public void Decode_AuditArchOfArch_ReturnsArch(byte archValue, int tableNr)
    {
        var arch = (SyscallArch)archValue;
        int nr = arch == SyscallArch.X32 ? tableNr | ArchDecoder.X32_SYSCALL_BIT : tableNr;

        Assert.Equal(arch, ArchDecoder.Decode(ArchDecoder.AuditArch(arch), nr, out int decodedNr));
        Assert.Equal(tableNr, decodedNr);
    }
}
