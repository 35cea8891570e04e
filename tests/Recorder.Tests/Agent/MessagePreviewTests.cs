using System.Text;
using SeccompRecorder.Agent;
using Xunit;

namespace SeccompRecorder.Tests.Agent;

public sealed class MessagePreviewTests
{
    [Fact]
    public void Of_ControlAndNonAscii_EscapedOnOneLine()
    {
        string preview = MessagePreview.Of(Encoding.UTF8.GetBytes("{\"id\":\"a\nb\\c\té\"}\r\0"));

        Assert.Equal("{\"id\":\"a\\nb\\\\c\\t\\xc3\\xa9\"}\\r\\x00", preview);
    }

    [Fact]
    public void Of_LongMessage_CutWithWhatWasLeftOut()
    {
        string preview = MessagePreview.Of(new byte[MessagePreview.MaxBytes + 100].AsSpan().ToArray().Select(_ => (byte)'x').ToArray());

        Assert.Equal(new string('x', MessagePreview.MaxBytes) + "... (100 more bytes)", preview);
    }
}
