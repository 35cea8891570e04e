using System.Text;
using SeccompRecorder.Recording.Executables;
using Xunit;

namespace SeccompRecorder.Tests.Recording.Executables;

public sealed class ExecutableNamesTests
{
    [Fact]
    public void Intern_PastCapacity_Other()
    {
        ExecutableNames names = new();
        for (int i = 0; i < ExecutableNames.Capacity; i++)
        {
            Assert.Equal(i, names.Intern(Encoding.UTF8.GetBytes($"/bin/x{i}")));
        }

        Assert.Equal(ExecutableNames.Other, names.Intern("/bin/one-too-many"u8));
        Assert.Equal(3, names.Intern("/bin/x3"u8));
        Assert.Equal(ExecutableNames.OtherName, names.Name(ExecutableNames.Other));
    }

    [Fact]
    public void Intern_StoredSpecialNames_TheirOwnIndexes()
    {
        ExecutableNames names = new();

        Assert.Equal(ExecutableNames.Other, names.Intern(ExecutableNames.OtherName));
        Assert.Equal(ExecutableNames.Unknown, names.Intern(ExecutableNames.UnknownName));
        Assert.Equal(0, names.Intern("comm:sh"));
        Assert.Equal("comm:sh", names.Name(0));
    }
}
