using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using SeccompRecorder.Api.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace SeccompRecorder.Grpc.Client;

/// <summary>
/// The command line's client of the daemon's API: the generated stubs on Grpc.Net.Client, over the Unix socket or TCP.
/// What it adds is the CLI's: an address as a user writes it, a deadline on every unary call, ListContainers' pages
/// followed to the end, and an unreachable daemon as <see cref="RecorderUnavailableException"/> with a message that
/// says where and why. A call the daemon answered with a non-OK status throws <see cref="RpcException"/>; cancelling
/// throws <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class RecorderClient : IDisposable
{
    /// <summary>Unary calls fail with DEADLINE_EXCEEDED after this long unless told otherwise.</summary>
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(10);

    // Above the 4 MiB the daemon now holds to: a daemon from before paging answered ListContainers in one message.
    private const int MaxReceiveMessageBytes = 64 * 1024 * 1024;

    private readonly GrpcChannel _channel;
    private readonly Recorder.RecorderClient _recorder;
    private readonly Health.HealthClient _health;
    private readonly TimeSpan _callTimeout;

    public RecorderClient(string address, TimeSpan? callTimeout = null, ClientTls? tls = null)
        : this(RecorderAddress.Parse(address), callTimeout, tls)
    {
    }

    /// <param name="tls">For a host:port address: TLS with these files; a Unix socket takes none (its permissions are its auth).</param>
    public RecorderClient(RecorderAddress address, TimeSpan? callTimeout = null, ClientTls? tls = null)
    {
        Address = address;
        _callTimeout = callTimeout ?? DefaultCallTimeout;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        Uri baseUri = address.BaseUri;
        if (address.UnixSocketPath is { } socketPath)
        {
            if (tls is not null)
            {
                throw new ArgumentException("TLS is for a host:port API; a Unix socket is plaintext (its file permissions are its authentication).");
            }

            handler.ConnectCallback = (_, cancellationToken) => ConnectUnixAsync(socketPath, cancellationToken);
        }
        else if (tls is not null)
        {
            handler.SslOptions = tls.ToSslOptions();
            baseUri = new UriBuilder(baseUri) { Scheme = Uri.UriSchemeHttps }.Uri;
        }

        _channel = GrpcChannel.ForAddress(baseUri, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxReceiveMessageBytes,
            MaxSendMessageSize = GrpcLimits.MaxMessageBytes,
        });
        _recorder = new Recorder.RecorderClient(_channel);
        _health = new Health.HealthClient(_channel);
    }

    public RecorderAddress Address { get; }

    /// <summary>Every container, page after page.</summary>
    public async Task<IReadOnlyList<Container>> ListContainersAsync(CancellationToken cancellationToken = default)
    {
        var containers = new List<Container>();
        var request = new ListContainersRequest();
        while (true)
        {
            ListContainersResponse page = await UnaryAsync(_recorder.ListContainersAsync, request, cancellationToken).ConfigureAwait(false);
            containers.AddRange(page.Containers);
            if (page.NextPageToken.Length == 0)
            {
                return containers;
            }

            if (page.Containers.Count == 0 || page.NextPageToken == request.PageToken)
            {
                // Each token names the last container sent: one that does not move on would loop forever.
                throw new RpcException(new global::Grpc.Core.Status(StatusCode.Internal, "the daemon's ListContainers pages do not advance"));
            }

            request = new ListContainersRequest { PageToken = page.NextPageToken };
        }
    }

    /// <summary>One container with its syscalls; NOT_FOUND as <see cref="RpcException"/> for an unknown id.</summary>
    public Task<Container> GetContainerAsync(string id, CancellationToken cancellationToken = default) =>
        GetContainerAsync(id, 0, cancellationToken);

    /// <summary>Run <paramref name="run"/> of the container (0: the newest); <paramref name="id"/> may be a unique prefix.</summary>
    public Task<Container> GetContainerAsync(string id, uint run, CancellationToken cancellationToken) =>
        GetContainerAsync(id, run, 0, cancellationToken);

    /// <summary>The same with at most <paramref name="maxExecutables"/> executables (0: the daemon's default, 16).</summary>
    public Task<Container> GetContainerAsync(string id, uint run, uint maxExecutables, CancellationToken cancellationToken) =>
        UnaryAsync(_recorder.GetContainerAsync, new GetContainerRequest { Id = id, Run = run, MaxExecutables = maxExecutables }, cancellationToken);

    public Task<Api.V1.Status> GetStatusAsync(CancellationToken cancellationToken = default) =>
        UnaryAsync(_recorder.GetStatusAsync, new GetStatusRequest(), cancellationToken);

    /// <summary>An enforcing profile from the recordings of <see cref="ExportProfileRequest.ContainerIds"/>.</summary>
    public Task<ExportProfileResponse> ExportProfileAsync(ExportProfileRequest request, CancellationToken cancellationToken = default) =>
        UnaryAsync(_recorder.ExportProfileAsync, request, cancellationToken);

    /// <summary>Forgets an exited container; NOT_FOUND or FAILED_PRECONDITION (running) as <see cref="RpcException"/>.</summary>
    public Task<DeleteContainerResponse> DeleteContainerAsync(string id, CancellationToken cancellationToken = default) =>
        DeleteContainerAsync(id, 0, cancellationToken);

    public Task<DeleteContainerResponse> DeleteContainerAsync(string id, uint run, CancellationToken cancellationToken) =>
        UnaryAsync(_recorder.DeleteContainerAsync, new DeleteContainerRequest { Id = id, Run = run }, cancellationToken);

    /// <summary>grpc.health.v1 Check; "" asks about the daemon as a whole.</summary>
    public async Task<ServingStatus> CheckHealthAsync(string service = "", CancellationToken cancellationToken = default)
    {
        HealthCheckResponse response = await UnaryAsync(_health.CheckAsync, new HealthCheckRequest { Service = service }, cancellationToken).ConfigureAwait(false);
        return response.Status;
    }

    /// <summary>
    /// Events from now on, as the daemon sends them, until <paramref name="cancellationToken"/> fires
    /// (the enumeration then ends with <see cref="OperationCanceledException"/>) or the daemon ends the stream.
    /// </summary>
    public async IAsyncEnumerable<Event> WatchEventsAsync(
        string? containerId = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new WatchEventsRequest { ContainerId = containerId ?? string.Empty };
        using AsyncServerStreamingCall<Event> call = _recorder.WatchEvents(request, new CallOptions(cancellationToken: cancellationToken));
        while (await MoveNextAsync(call.ResponseStream, cancellationToken).ConfigureAwait(false))
        {
            yield return call.ResponseStream.Current;
        }
    }

    public void Dispose() => _channel.Dispose();

    private async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        Func<TRequest, CallOptions, AsyncUnaryCall<TResponse>> method,
        TRequest request,
        CancellationToken cancellationToken)
    {
        var options = new CallOptions(deadline: DateTime.UtcNow + _callTimeout, cancellationToken: cancellationToken);
        try
        {
            using AsyncUnaryCall<TResponse> call = method(request, options);
            return await call.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw Translate(e, cancellationToken);
        }
    }

    private async Task<bool> MoveNextAsync(IAsyncStreamReader<Event> stream, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.MoveNext(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw Translate(e, cancellationToken);
        }
    }

    /// <summary>
    /// The caller's own cancellation (CANCELLED to Grpc.Net.Client) as <see cref="OperationCanceledException"/>: Ctrl+C
    /// is no failure. Its ThrowOperationCanceledOnCancellation would turn a passed deadline into one too.
    /// </summary>
    private Exception Translate(RpcException e, CancellationToken cancellationToken)
    {
        if (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException(e.Message, e, cancellationToken);
        }

        if (Unreachable(e) is { } socketError)
        {
            return Unavailable(e, socketError);
        }

        return NoHttp2Answer(e)
            ? new RecorderUnavailableException($"{Address.Display} is not a gRPC endpoint (no HTTP/2 answer)", e) { NotGrpc = true }
            : e;
    }

    /// <summary>
    /// Something accepted the connection but did not speak HTTP/2 back (the runtime listener socket reads JSON and closes,
    /// an HTTP/1.1 server answers in its own protocol): UNAVAILABLE with an HTTP failure, not a socket's, behind it.
    /// </summary>
    private static bool NoHttp2Answer(RpcException e)
    {
        if (e.StatusCode != StatusCode.Unavailable)
        {
            return false;
        }

        if (FindSocketException(e) is { } socketError)
        {
            return AfterConnect(socketError);
        }

        for (Exception? inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError })
            {
                return false;
            }

            if (inner is HttpRequestException or HttpIOException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The connect failure behind an UNAVAILABLE that never reached the daemon, if that is what it is.</summary>
    private static SocketException? Unreachable(RpcException e) =>
        FindSocketException(e) is { } socketError && !AfterConnect(socketError) ? socketError : null;

    private static SocketException? FindSocketException(RpcException e)
    {
        if (e.StatusCode != StatusCode.Unavailable)
        {
            return null;
        }

        for (Exception? inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socketError)
            {
                return socketError;
            }
        }

        return null;
    }

    /// <summary>A reset or abort: the other side accepted the connection, then dropped it (its answer, not an absent daemon).</summary>
    private static bool AfterConnect(SocketException e) =>
        e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown;

    private RecorderUnavailableException Unavailable(RpcException e, SocketException socketError)
    {
        string reason = Address.UnixSocketPath is not null && socketError.SocketErrorCode == SocketError.AddressNotAvailable
            ? "No such file or directory" // .NET maps connect()'s ENOENT to AddressNotAvailable and words it so
            : socketError.Message;
        string hint = socketError.SocketErrorCode == SocketError.AccessDenied
            ? "may this user open the socket?"
            : "is the daemon running?";
        return new RecorderUnavailableException($"cannot reach seccomp-recorder at {Address.Display}: {reason} ({hint})", e);
    }

    private static async ValueTask<Stream> ConnectUnixAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
