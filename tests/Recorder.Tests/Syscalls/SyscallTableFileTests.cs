using SeccompRecorder.Syscalls;
using Xunit;

namespace SeccompRecorder.Tests.Syscalls;

public sealed class SyscallTableFileTests
{
    [Fact]
    public void Parse_CommentsAndPairs_ReturnsPairsInOrder()
    {
        (int Nr, string Name)[] entries = SyscallTableFile.Parse("# header\n0\tread\n\n983042\tcacheflush\n", "t");

        Assert.Equal([(0, "read"), (983042, "cacheflush")], entries);
    }

    [Theory]
    [InlineData("0 read")] // space, not tab
    [InlineData("-1\tread")]
    [InlineData("x\tread")]
    [InlineData("1\t")]
    [InlineData("\tread")]
    [InlineData("1\tRead")]
    [InlineData("1\tread\textra")]
    [InlineData("99999999999\tread")]
    public void Parse_MalformedLine_ThrowsNamingLine(string line)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SyscallTableFile.Parse("# h\n" + line + "\n", "t.tsv"));

        Assert.Equal("t.tsv line 2 is not 'nr<TAB>name'.", error.Message);
    }

    [Fact]
    public void Load_UnknownArch_ThrowsNamingResource()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SyscallTableFile.Load("vax"));

        Assert.Contains("SeccompRecorder.Syscalls.Tables.vax.tsv", error.Message, StringComparison.Ordinal);
    }
}
