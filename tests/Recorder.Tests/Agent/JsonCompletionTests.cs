using System.Text;
using SeccompRecorder.Agent;
using Xunit;

namespace SeccompRecorder.Tests.Agent;

public sealed class JsonCompletionTests
{
    private const string Runc115 =
        """{"ociVersion":"1.0.2-dev","fds":["seccompFd"],"pid":3954,"metadata":"policy=log","state":{"ociVersion":"1.0.2-dev","id":"feas1","status":"creating","pid":3954,"bundle":"/tmp/feas/bundle","annotations":{"io.kubernetes.cri-o.seccompNotifierAction":"stop"}}}""";

    private const string CrunPretty =
        """
        {
          "ociVersion": "0.2.0",
          "fds": [
            "seccompFd"
          ],
          "pid": 5120,
          "state": {
            "ociVersion": "0.2.0",
            "id": "crun-ctr",
            "status": "creating",
            "pid": 5120,
            "bundle": "/run/crun/bundle"
          }
        }
        """;

    [Theory]
    [InlineData(Runc115, "")]
    [InlineData(Runc115, "\n")]
    [InlineData(Runc115, "   \n\t garbage {\"x\":1}")]
    [InlineData(CrunPretty, "\n")]
    [InlineData("{\"a\":\"a}b\",\"b\":\"q\\\"}\\\\\",\"c\":\"{{[[\"}", "}}}")]
    [InlineData("  \n {}", " trailing")]
    public void Advance_OneByteChunks_CompletesExactlyAtTheClosingBrace(string json, string after)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json + after);
        int objectEnd = Encoding.UTF8.GetByteCount(json);
        JsonCompletion completion = new(ContainerProcessStateParser.MaxDepth);

        int completedAt = -1;
        for (int length = 1; length <= bytes.Length; length++)
        {
            if (completion.Advance(bytes.AsSpan(0, length)))
            {
                completedAt = length;
                break;
            }
        }

        Assert.Equal(objectEnd, completedAt);
        Assert.Equal(objectEnd, completion.EndOffset);
        Assert.True(completion.Started);
    }

    [Fact]
    public void Advance_WholeMessageWithTrailingBytesAtOnce_EndOffsetIsJustPastTheObject()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(Runc115 + "\n{\"second\":true}");
        JsonCompletion completion = new(ContainerProcessStateParser.MaxDepth);

        Assert.True(completion.Advance(bytes));
        Assert.Equal(Runc115.Length, completion.EndOffset);
    }

    [Theory]
    [InlineData(Runc115)]
    [InlineData(CrunPretty)]
    public void Advance_EveryPrefix_NeverCompletes(string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);

        for (int length = 0; length < bytes.Length; length++)
        {
            // A fresh reader per prefix: a whole prefix given at once must not look complete either.
            JsonCompletion completion = new(ContainerProcessStateParser.MaxDepth);
            Assert.False(completion.Advance(bytes.AsSpan(0, length)), $"completed after {length} of {bytes.Length} bytes");
        }
    }

    [Fact]
    public void Advance_WhitespaceOnly_NotStartedAndNotComplete()
    {
        JsonCompletion completion = new(ContainerProcessStateParser.MaxDepth);

        Assert.False(completion.Advance("  \n\t "u8));
        Assert.False(completion.Started);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("}")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{'a':1}")]
    [InlineData("/* comment */{}")]
    [InlineData("{\"a\":1,}")]
    public void Advance_InvalidJson_CompletesSoTheParserCanReport(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        JsonCompletion completion = new(ContainerProcessStateParser.MaxDepth);

        Assert.True(completion.Advance(bytes));
        Assert.Equal(bytes.Length, completion.EndOffset);
    }

    [Fact]
    public void Advance_InvalidJsonInOneByteChunks_Completes()
    {
        byte[] bytes = "{\"a\":1,}"u8.ToArray();
        JsonCompletion completion = new(ContainerProcessStateParser.MaxDepth);

        bool completed = false;
        for (int length = 1; length <= bytes.Length && !completed; length++)
        {
            completed = completion.Advance(bytes.AsSpan(0, length));
        }

        Assert.True(completed);
    }

    [Fact]
    public void Advance_NestingDeeperThanMax_Completes()
    {
        byte[] bytes = Encoding.ASCII.GetBytes(new string('[', ContainerProcessStateParser.MaxDepth + 1));
        JsonCompletion completion = new(ContainerProcessStateParser.MaxDepth);

        Assert.True(completion.Advance(bytes));
    }

    [Fact]
    public void Advance_NestingAtMax_StillWaits()
    {
        byte[] bytes = Encoding.ASCII.GetBytes(new string('[', ContainerProcessStateParser.MaxDepth));
        JsonCompletion completion = new(ContainerProcessStateParser.MaxDepth);

        Assert.False(completion.Advance(bytes));
    }

    [Fact]
    public void Advance_TopLevelString_CompletesAtItsClosingQuote()
    {
        // Not an object: completes all the same, and the parser rejects it.
        byte[] bytes = "\"seccompFd\" rest"u8.ToArray();
        JsonCompletion completion = new(ContainerProcessStateParser.MaxDepth);

        Assert.True(completion.Advance(bytes));
        Assert.Equal("\"seccompFd\"".Length, completion.EndOffset);
    }

    [Fact]
    public void Advance_MultiByteUtf8SplitAcrossChunks_CompletesAtTheEnd()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("{\"id\":\"caf\u00e9-\u4e2d\"}");
        JsonCompletion completion = new(ContainerProcessStateParser.MaxDepth);

        int completedAt = -1;
        for (int length = 1; length <= bytes.Length; length++)
        {
            if (completion.Advance(bytes.AsSpan(0, length)))
            {
                completedAt = length;
                break;
            }
        }

        Assert.Equal(bytes.Length, completedAt);
    }
}
