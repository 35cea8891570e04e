using SeccompRecorder.Native;
using Xunit;

namespace SeccompRecorder.Tests.Native;

/// <summary>
/// <see cref="ConfinedFile.ReadAtMost"/> sizes its buffer for what fstat said, not for the limit, and still reads a file
/// that grew since: all of it up to the limit, nothing (null) beyond.
/// </summary>
public sealed class ConfinedFileTests
{
    [Theory]
    [InlineData(100, 100)]      // as fstat said
    [InlineData(100, 10)]       // grew since fstat: read on past the expected size
    [InlineData(0, 0)]
    [InlineData(4096, 0)]       // fstat said nothing
    [InlineData(4096, 4096)]    // exactly the limit
    public void ReadAtMost_WithinTheLimit_WholeFile(int size, int expected)
    {
        using TempDirectory dir = new();
        byte[] content = Content(size);
        File.WriteAllBytes(dir.File("f"), content);
        using SafeFdHandle file = Open(dir, "f");

        Assert.Equal(content, ConfinedFile.ReadAtMost(file, expected, 4096));
    }

    [Theory]
    [InlineData(4097, 4097)]
    [InlineData(10_000, 100)]   // grew past the limit since fstat
    public void ReadAtMost_BeyondTheLimit_Null(int size, int expected)
    {
        using TempDirectory dir = new();
        File.WriteAllBytes(dir.File("f"), Content(size));
        using SafeFdHandle file = Open(dir, "f");

        Assert.Null(ConfinedFile.ReadAtMost(file, expected, 4096));
    }

    private static byte[] Content(int size) => [.. Enumerable.Range(0, size).Select(i => (byte)(i * 7))];

    private static SafeFdHandle Open(TempDirectory dir, string name)
    {
        Assert.True(ConfinedFile.TryOpenDirectory(dir.Path, out SafeFdHandle directory, out Errno errno), errno.ToString());
        using (directory)
        {
            Assert.True(ConfinedFile.TryOpenBelow(directory, name, inRoot: false, out SafeFdHandle file, out errno), errno.ToString());
            return file;
        }
    }
}
