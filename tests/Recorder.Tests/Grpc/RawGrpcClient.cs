using System.Net;
using System.Net.Http.Headers;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>HttpClient without our client's help, to send what a well-behaved client never would.</summary>
internal sealed class RawGrpcClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Version _version;

    public RawGrpcClient(int port, Version version)
    {
        _version = version;
        _http = new HttpClient(new SocketsHttpHandler())
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = TestTimeouts.Default,
        };
    }

    public static RawGrpcClient Http2(int port) => new(port, HttpVersion.Version20);

    public Task<HttpResponseMessage> PostAsync(
        string path,
        byte[] body,
        string contentType = "application/grpc",
        IDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Post, path, new ByteArrayContent(body), contentType, headers);

    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string path,
        HttpContent? content,
        string contentType = "application/grpc",
        IDictionary<string, string>? headers = null)
    {
        // DefaultRequestVersion only applies to HttpClient's own helpers, not to a message built here.
        using var request = new HttpRequestMessage(method, path)
        {
            Content = content,
            Version = _version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (content is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        request.Headers.TE.ParseAdd("trailers");
        foreach ((string name, string value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Default);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>grpc-status (and grpc-message, raw) from wherever they are: headers or trailers.</summary>
    public static (string? Status, string? Message) StatusOf(HttpHeaders headers) =>
        (First(headers, "grpc-status"), First(headers, "grpc-message"));

    private static string? First(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
}
