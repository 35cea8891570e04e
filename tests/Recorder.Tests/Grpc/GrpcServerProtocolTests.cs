using System.Net;
using Microsoft.Extensions.Logging;
using Xunit;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>What the server does with requests a generated client would never send, byte by byte.</summary>
public sealed class GrpcServerProtocolTests : IClassFixture<GrpcTestHost>
{
    private const string ListContainers = "/seccomp.recorder.v1.Recorder/ListContainers";
    private const string GetContainer = "/seccomp.recorder.v1.Recorder/GetContainer";
    private const string WatchEvents = "/seccomp.recorder.v1.Recorder/WatchEvents";

    private static readonly byte[] EmptyMessage =
    [
        0x00,                   // Compressed-Flag
        0x00, 0x00, 0x00, 0x00, // Message-Length: 0
    ];

    private readonly GrpcTestHost _host;

    public GrpcServerProtocolTests(GrpcTestHost host)
    {
        _host = host;
    }

    [Fact]
    public async Task Request_Http1_Returns426WithStatus()
    {
        using var client = new RawGrpcClient(_host.Http1Port, HttpVersion.Version11);

        using HttpResponseMessage response = await client.PostAsync(ListContainers, EmptyMessage);

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
        Assert.Equal(("13", "Request protocol 'HTTP/1.1' is not supported."), RawGrpcClient.StatusOf(response.Headers));
    }

    [Fact]
    public async Task Request_Http1ToUnknownGrpcPath_Returns426()
    {
        using var client = new RawGrpcClient(_host.Http1Port, HttpVersion.Version11);

        using HttpResponseMessage response = await client.PostAsync("/no.such.Service/Method", EmptyMessage);

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
    }

    [Fact]
    public async Task Request_Get_Returns405AllowingPost()
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);

        using HttpResponseMessage response = await client.SendAsync(HttpMethod.Get, ListContainers, content: null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Request_TextPlain_Returns415()
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);

        using HttpResponseMessage response = await client.PostAsync(ListContainers, EmptyMessage, "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("13", RawGrpcClient.StatusOf(response.Headers).Status);
    }

    [Fact]
    public async Task Request_GrpcProtoContentType_Accepted()
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);

        using HttpResponseMessage response = await client.PostAsync(ListContainers, EmptyMessage, "application/grpc+proto");
        byte[] body = await response.Content.ReadAsByteArrayAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0x00, body[0]); // one uncompressed message
        Assert.Equal(("0", null), RawGrpcClient.StatusOf(response.TrailingHeaders));
    }

    [Theory]
    [InlineData("/a/b/c")]
    [InlineData("/only-one-segment")]
    public async Task Request_GrpcToUnknownPathShape_UnimplementedTrailersOnly(string path)
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);

        using HttpResponseMessage response = await client.PostAsync(path, EmptyMessage);
        byte[] body = await response.Content.ReadAsByteArrayAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("12", RawGrpcClient.StatusOf(response.Headers).Status);
        Assert.Empty(body);
    }

    [Theory]
    [InlineData("/no.such.Service/Method")]
    [InlineData("/metrics")]
    public async Task Request_NotGrpcToUnknownPath_Returns404(string path)
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);

        using HttpResponseMessage response = await client.SendAsync(HttpMethod.Get, path, content: null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(RawGrpcClient.StatusOf(response.Headers).Status);
    }

    [Fact]
    public async Task Request_NotFound_TrailersOnlyWithPercentEncodedMessage()
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);
        byte[] request =
        [
            0x00,                   // Compressed-Flag
            0x00, 0x00, 0x00, 0x06, // Message-Length: 6
            0x0A, 0x04,             // GetContainerRequest.id, length 4
            0xC3, 0xA9, 0x25, 0x0A, // "é%\n" in UTF-8
        ];

        using HttpResponseMessage response = await client.PostAsync(GetContainer, request);
        byte[] body = await response.Content.ReadAsByteArrayAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("5", "container \"%C3%A9%25%0A\" not found"), RawGrpcClient.StatusOf(response.Headers));
        Assert.Empty(body);
        Assert.Empty(response.TrailingHeaders);
    }

    [Fact]
    public async Task Request_CompressedFlag_Unimplemented()
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);
        byte[] request =
        [
            0x01,                   // Compressed-Flag: compressed
            0x00, 0x00, 0x00, 0x00, // Message-Length: 0
        ];

        using HttpResponseMessage response = await client.PostAsync(ListContainers, request);

        Assert.Equal(("12", "compressed messages are not supported"), RawGrpcClient.StatusOf(response.Headers));
        Assert.Equal("identity", response.Headers.GetValues("grpc-accept-encoding").Single());
    }

    [Fact]
    public async Task Request_GzipEncoding_UnimplementedBeforeHandler()
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);

        using HttpResponseMessage response = await client.PostAsync(
            ListContainers, EmptyMessage, headers: new Dictionary<string, string> { ["grpc-encoding"] = "gzip" });

        Assert.Equal("12", RawGrpcClient.StatusOf(response.Headers).Status);
        Assert.Equal("identity", response.Headers.GetValues("grpc-accept-encoding").Single());
    }

    [Fact]
    public async Task Request_OversizeLength_ResourceExhaustedBeforeBodyArrives()
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);
        var content = new StallingContent(
        [
            0x00,                   // Compressed-Flag
            0x00, 0x40, 0x00, 0x01, // Message-Length: 4 MiB + 1; the body never comes
        ]);
        try
        {
            using HttpResponseMessage response = await client.SendAsync(HttpMethod.Post, ListContainers, content);

            Assert.Equal("8", RawGrpcClient.StatusOf(response.Headers).Status);
        }
        finally
        {
            content.Release();
        }
    }

    [Theory]
    [InlineData(new byte[] { }, "No message received.")]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x02, 0x0A }, "Incomplete message.")] // length 2, one byte sent
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }, "Additional data after the message received.")] // a message, then one stray byte
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x01, 0xFF }, "Error parsing the request message: ")] // 0xFF: a truncated varint tag
    public async Task Request_BadUnaryBody_Internal(byte[] request, string expectedMessagePrefix)
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);

        using HttpResponseMessage response = await client.PostAsync(GetContainer, request);

        (string? status, string? message) = RawGrpcClient.StatusOf(response.Headers);
        Assert.Equal("13", status);
        Assert.StartsWith(expectedMessagePrefix, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchEvents_ServerDeadlinePasses_DeadlineExceededInTrailers()
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);
        int endedBefore = _host.Reader.WatchersEnded;

        // grpc-timeout only: this client has no deadline of its own, so the server must end the call.
        using HttpResponseMessage response = await client.PostAsync(
            WatchEvents, EmptyMessage, headers: new Dictionary<string, string> { ["grpc-timeout"] = "300m" });
        byte[] body = await response.Content.ReadAsByteArrayAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(RawGrpcClient.StatusOf(response.Headers).Status); // headers went first: not Trailers-Only
        Assert.Equal(("4", "Deadline Exceeded"), RawGrpcClient.StatusOf(response.TrailingHeaders));
        Assert.Equal(5, CountFrames(body));
        await TestTimeouts.WaitUntilAsync(() => _host.Reader.WatchersEnded > endedBefore, "the server's watcher ended");
        Assert.Contains(_host.Logs.Entries, e => e.EventId.Id == 4004 && e.Level == LogLevel.Debug);
        Assert.Empty(_host.ErrorsAbout(WatchEvents));
    }

    [Fact]
    public async Task Request_ZeroTimeout_DeadlineExceededTrailersOnly()
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);

        using HttpResponseMessage response = await client.PostAsync(
            ListContainers, EmptyMessage, headers: new Dictionary<string, string> { ["grpc-timeout"] = "0m" });

        Assert.Equal(("4", "Deadline Exceeded"), RawGrpcClient.StatusOf(response.Headers));
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("123456789S")]
    public async Task Request_InvalidTimeout_RunsWithoutDeadline(string timeout)
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);

        using HttpResponseMessage response = await client.PostAsync(
            ListContainers, EmptyMessage, headers: new Dictionary<string, string> { ["grpc-timeout"] = timeout });
        await response.Content.ReadAsByteArrayAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal("0", RawGrpcClient.StatusOf(response.TrailingHeaders).Status);
    }

    [Fact]
    public async Task GetContainer_HandlerThrows_UnknownWithoutLeakingDetail()
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);
        byte[] request =
        [
            0x00,                   // Compressed-Flag
            0x00, 0x00, 0x00, 0x06, // Message-Length: 6
            0x0A, 0x04,             // GetContainerRequest.id, length 4
            0x62, 0x6F, 0x6F, 0x6D, // "boom"
        ];

        using HttpResponseMessage response = await client.PostAsync(GetContainer, request);

        Assert.Equal(("2", "Exception was thrown by handler."), RawGrpcClient.StatusOf(response.Headers));
        CapturedLogs.Entry error = Assert.Single(_host.ErrorsAbout(GetContainer));
        Assert.Equal(4007, error.EventId.Id);
        Assert.Equal("secret internal detail", error.Exception?.Message);
    }

    private static int CountFrames(byte[] body)
    {
        int count = 0;
        for (int offset = 0; offset < body.Length; count++)
        {
            int length = (body[offset + 1] << 24) | (body[offset + 2] << 16) | (body[offset + 3] << 8) | body[offset + 4];
            offset += 5 + length;
        }

        return count;
    }
}
