using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Google.Protobuf;

namespace SeccompRecorder.Grpc.Client;

/// <summary>
/// One call on the client side: the request sent, then the response read message by message with the
/// same framing code as the server, then its status from the trailers (or from Trailers-Only headers).
/// </summary>
internal sealed class GrpcClientCall : IDisposable
{
    // Larger than the usual 4 MiB: a ListContainers answer of a busy node is the one big message we expect.
    private const int MaxReceiveMessageSize = 64 * 1024 * 1024;

    private readonly RecorderAddress _address;
    private readonly CancellationToken _userToken;
    private readonly CancellationTokenSource _callCts;
    private HttpResponseMessage? _response;
    private PipeReader? _body;
    private bool _trailersOnly;

    private GrpcClientCall(RecorderAddress address, TimeSpan? timeout, CancellationToken userToken)
    {
        _address = address;
        _userToken = userToken;
        _callCts = CancellationTokenSource.CreateLinkedTokenSource(userToken);
        if (timeout is { } t)
        {
            _callCts.CancelAfter(t);
        }
    }

    private bool TimedOut => _callCts.IsCancellationRequested && !_userToken.IsCancellationRequested;

    /// <summary>Sends the request and waits for the response headers.</summary>
    public static async Task<GrpcClientCall> StartAsync(
        HttpClient http,
        RecorderAddress address,
        string path,
        IMessage request,
        TimeSpan? timeout,
        CancellationToken cancellationToken)
    {
        var call = new GrpcClientCall(address, timeout, cancellationToken);
        try
        {
            await call.SendAsync(http, path, request, timeout).ConfigureAwait(false);
            return call;
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    /// <summary>The next message, or null at the end of the stream; then call <see cref="EnsureSuccess"/>.</summary>
    public async Task<TResponse?> ReadMessageAsync<TResponse>(MessageParser<TResponse> parser)
        where TResponse : class, IMessage<TResponse>
    {
        if (_trailersOnly || _body is null)
        {
            return null;
        }

        try
        {
            while (true)
            {
                ReadResult result = await _body.ReadAsync(_callCts.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (GrpcFraming.TryReadMessage(ref buffer, MaxReceiveMessageSize, out ReadOnlySequence<byte> payload, out GrpcFrameError error))
                {
                    TResponse message = parser.ParseFrom(payload);
                    _body.AdvanceTo(buffer.Start);
                    return message;
                }

                _body.AdvanceTo(buffer.Start, buffer.End);
                if (error != GrpcFrameError.None)
                {
                    throw GrpcFraming.ToException(error, MaxReceiveMessageSize);
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new GrpcCallException(StatusCode.Internal, "Incomplete message.");
                    }

                    return null;
                }
            }
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new GrpcCallException(StatusCode.Internal, "Failed to deserialize response message: " + ex.Message);
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw Translate(ex);
        }
    }

    /// <summary>Throws <see cref="GrpcCallException"/> unless the call ended with OK. Valid once the body was read to its end.</summary>
    public void EnsureSuccess()
    {
        HttpResponseMessage response = _response ?? throw new InvalidOperationException("The call was not started.");
        HttpHeaders statusSource = _trailersOnly ? response.Headers : response.TrailingHeaders;
        ThrowIfNotOk(statusSource, StatusCode.Internal, "No grpc-status found on response.");
    }

    public void Dispose()
    {
        // Disposing an unfinished response resets the HTTP/2 stream: that is how a client cancels a call.
        _body?.Complete();
        _response?.Dispose();
        _callCts.Dispose();
    }

    private async Task SendAsync(HttpClient http, string path, IMessage message, TimeSpan? timeout)
    {
        var payload = new ArrayBufferWriter<byte>();
        GrpcFraming.WriteMessage(payload, message);
        var content = new ReadOnlyMemoryContent(payload.WrittenMemory);
        content.Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocol.ContentType);

        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TE.ParseAdd("trailers");
        if (timeout is { } t)
        {
            request.Headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(t));
        }

        try
        {
            _response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _callCts.Token).ConfigureAwait(false);
            await ReadResponseHeadersAsync(_response).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw Translate(ex);
        }
    }

    private async Task ReadResponseHeadersAsync(HttpResponseMessage response)
    {
        bool hasStatus = response.Headers.Contains(GrpcProtocol.StatusHeader);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            // The server's own grpc-status says more than the HTTP mapping (our server sends both on 415 & co).
            if (hasStatus)
            {
                ThrowIfNotOk(response.Headers, StatusCode.Unknown, string.Empty);
            }

            throw new GrpcCallException(
                FromHttpStatus(response.StatusCode),
                $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}");
        }

        if (hasStatus)
        {
            // Trailers-Only: the status is all there is.
            _trailersOnly = true;
            ThrowIfNotOk(response.Headers, StatusCode.Internal, string.Empty);
            return;
        }

        string? contentType = response.Content.Headers.ContentType?.MediaType;
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            throw new GrpcCallException(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType}");
        }

        _body = PipeReader.Create(await response.Content.ReadAsStreamAsync(_callCts.Token).ConfigureAwait(false));
    }

    private static void ThrowIfNotOk(HttpHeaders headers, StatusCode missingCode, string missingMessage)
    {
        if (!headers.TryGetValues(GrpcProtocol.StatusHeader, out IEnumerable<string>? values))
        {
            throw new GrpcCallException(missingCode, missingMessage);
        }

        string value = values.FirstOrDefault() ?? string.Empty;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int code))
        {
            throw new GrpcCallException(StatusCode.Unknown, $"Unexpected grpc-status value: {value}");
        }

        if (code == (int)StatusCode.OK)
        {
            return;
        }

        string message = headers.TryGetValues(GrpcProtocol.MessageHeader, out IEnumerable<string>? messages)
            ? GrpcMessageEncoding.Decode(messages.FirstOrDefault() ?? string.Empty)
            : string.Empty;
        throw new GrpcCallException((StatusCode)code, message);
    }

    /// <summary>grpc/grpc doc/http-grpc-status-mapping.md, for responses that are not gRPC.</summary>
    private static StatusCode FromHttpStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => StatusCode.Internal,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound => StatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    /// <summary>
    /// What the transport throws, except the caller's own cancellation, which stays an
    /// <see cref="OperationCanceledException"/>: cancelling is not a failure.
    /// </summary>
    private bool IsTransportFailure(Exception ex) => ex switch
    {
        OperationCanceledException => TimedOut,
        HttpRequestException or IOException => !_userToken.IsCancellationRequested,
        _ => false,
    };

    private Exception Translate(Exception ex)
    {
        if (TimedOut)
        {
            return new GrpcCallException(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }

        if (ex is HttpRequestException { InnerException: SocketException socketError })
        {
            string reason = _address.UnixSocketPath is not null && socketError.SocketErrorCode == SocketError.AddressNotAvailable
                ? "No such file or directory" // .NET maps connect()'s ENOENT to AddressNotAvailable and words it so
                : socketError.Message;
            string hint = socketError.SocketErrorCode == SocketError.AccessDenied
                ? "may this user open the socket?"
                : "is the daemon running?";
            return new RecorderUnavailableException(
                $"cannot reach seccomp-recorder at {_address.Display}: {reason} ({hint})", ex);
        }

        return new GrpcCallException(StatusCode.Unavailable, $"connection to seccomp-recorder at {_address.Display} failed: {ex.Message}");
    }
}
