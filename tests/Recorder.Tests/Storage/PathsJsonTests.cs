using SeccompRecorder.Recording.Paths;
using SeccompRecorder.Storage;
using Xunit;

namespace SeccompRecorder.Tests.Storage;

public sealed class PathsJsonTests
{
    [Fact]
    public void Write_TwoPaths_GoldenText()
    {
        PathSnapshot paths = new([new PathCount("/tmp/a"u8.ToArray(), false, 2), new PathCount([0xFF, 0x0A], true, 1)], 3, 4);

        // "/tmp/a" is L3RtcC9h, FF 0A is /wo=.
        Assert.Equal("""{"paths":[["L3RtcC9h",false,2],["/wo=",true,1]],"other":3,"unread":4}""", PathsJson.Write(paths));
    }

    [Fact]
    public void Read_WhatWriteWrote_TheSameBytes()
    {
        PathSnapshot paths = new([new PathCount([0x2F, 0x00, 0xFF], true, 7)], 0, 1);

        Assert.Equal(paths, PathsJson.Read(PathsJson.Write(paths)));
    }
}
