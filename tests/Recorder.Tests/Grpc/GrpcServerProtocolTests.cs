using System.Net;
using Microsoft.Extensions.Logging;
using Xunit;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>
/// What the server does with requests a generated client would never send, byte by byte. Since the API moved onto
/// Grpc.AspNetCore, the HTTP-level answers (426 naming HTTP/2, 404 for what is no gRPC method, 415), the framing errors
/// and deadlines are the library's: these tests pin what it answers, so a library update that changes it is seen.
/// </summary>
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
        Assert.Equal("HTTP/2", response.Headers.Upgrade.ToString());
        Assert.Equal(("13", "Request protocol 'HTTP/1.1' is not supported."), RawGrpcClient.StatusOf(response.Headers));
    }

    [Fact]
    public async Task Request_Http1ToUnknownGrpcPath_UnimplementedTrailersOnly()
    {
        using var client = new RawGrpcClient(_host.Http1Port, HttpVersion.Version11);

        using HttpResponseMessage response = await client.PostAsync("/no.such.Service/Method", EmptyMessage);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("12", "Service is unimplemented."), RawGrpcClient.StatusOf(response.Headers));
    }

    [Fact]
    public async Task Request_Get_Returns404()
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);

        using HttpResponseMessage response = await client.SendAsync(HttpMethod.Get, ListContainers, content: null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(RawGrpcClient.StatusOf(response.Headers).Status);
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
    public async Task Request_GrpcToPathNotServiceAndMethod_Returns404(string path)
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);

        using HttpResponseMessage response = await client.PostAsync(path, EmptyMessage);

        // gRPC clients read a 404 as UNIMPLEMENTED (grpc/grpc doc/http-grpc-status-mapping.md).
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
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
    public async Task Request_CompressedFlagWithoutEncoding_Internal()
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);
        byte[] request =
        [
            0x01,                   // Compressed-Flag: compressed
            0x00, 0x00, 0x00, 0x00, // Message-Length: 0
        ];

        using HttpResponseMessage response = await client.PostAsync(ListContainers, request);

        Assert.Equal(("13", "Request did not include grpc-encoding value with compressed message."), RawGrpcClient.StatusOf(response.Headers));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task Request_CompressedMessage_UnimplementedNamingIdentityOnly(string encoding)
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);
        byte[] request =
        [
            0x01,                   // Compressed-Flag: compressed
            0x00, 0x00, 0x00, 0x00, // Message-Length: 0
        ];

        using HttpResponseMessage response = await client.PostAsync(
            ListContainers, request, headers: new Dictionary<string, string> { ["grpc-encoding"] = encoding });

        // Grpc.AspNetCore would inflate gzip and deflate without a limit on the result; the API takes identity only.
        (string? status, string? message) = RawGrpcClient.StatusOf(response.Headers);
        Assert.Equal("12", status);
        Assert.StartsWith($"Unsupported grpc-encoding value '{encoding}'. Supported encodings: identity", message, StringComparison.Ordinal);
        Assert.DoesNotContain(encoding, response.Headers.GetValues("grpc-accept-encoding").Single(), StringComparison.Ordinal);
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
    [InlineData(new byte[] { }, "13", "Incomplete message.")]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x02, 0x0A }, "13", "Incomplete message.")] // length 2, one byte sent
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }, "13", "Additional data after the message received.")] // a message, then one stray byte
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x01, 0xFF }, "2", "Exception was thrown by handler.")] // 0xFF: a truncated varint tag
    public async Task Request_BadUnaryBody_StatusWithoutErrorLogged(byte[] request, string expectedStatus, string expectedMessage)
    {
        using RawGrpcClient client = RawGrpcClient.Http2(_host.TcpPort);

        using HttpResponseMessage response = await client.PostAsync(GetContainer, request);

        Assert.Equal((expectedStatus, expectedMessage), RawGrpcClient.StatusOf(response.Headers));
        // A client's garbage is not a failure of the daemon's.
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Level >= LogLevel.Warning && e.Exception is Google.Protobuf.InvalidProtocolBufferException);
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
        Assert.Empty(_host.ErrorsAbout(WatchEvents));
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
        Assert.Equal(4001, error.EventId.Id);
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
