using SeccompRecorder.Grpc.Client;
using Xunit;

namespace SeccompRecorder.Tests.Grpc;

public sealed class RecorderAddressTests
{
    [Theory]
    [InlineData("/run/seccomp-recorder/api.sock", "/run/seccomp-recorder/api.sock")]
    [InlineData("./api.sock", "./api.sock")]
    [InlineData("api.sock", "api.sock")]
    [InlineData("unix:/tmp/a.sock", "/tmp/a.sock")]
    [InlineData("unix:///tmp/a.sock", "/tmp/a.sock")]
    [InlineData("/tmp/odd:name", "/tmp/odd:name")] // a colon in a path does not make it TCP
    public void Parse_SocketPath_IsUnix(string address, string expectedPath)
    {
        RecorderAddress parsed = RecorderAddress.Parse(address);

        Assert.Equal(expectedPath, parsed.UnixSocketPath);
        Assert.Null(parsed.Host);
        Assert.Equal(expectedPath, parsed.Display);
    }

    [Theory]
    [InlineData("127.0.0.1:50051", "127.0.0.1", 50051, "127.0.0.1:50051")]
    [InlineData("localhost:9", "localhost", 9, "localhost:9")]
    [InlineData("[::1]:50051", "::1", 50051, "[::1]:50051")]
    [InlineData("http://node1:8080", "node1", 8080, "node1:8080")]
    public void Parse_HostAndPort_IsTcp(string address, string expectedHost, int expectedPort, string expectedDisplay)
    {
        RecorderAddress parsed = RecorderAddress.Parse(address);

        Assert.Null(parsed.UnixSocketPath);
        Assert.Equal(expectedHost, parsed.Host);
        Assert.Equal(expectedPort, parsed.Port);
        Assert.Equal(expectedDisplay, parsed.Display);
    }

    [Theory]
    [InlineData("unix:")]
    [InlineData(":50051")]
    public void Parse_Incomplete_Throws(string address)
    {
        Assert.Throws<FormatException>(() => RecorderAddress.Parse(address));
    }
}
