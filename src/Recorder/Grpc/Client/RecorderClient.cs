using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Grpc.Health.V1;
using SeccompRecorder.Api.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace SeccompRecorder.Grpc.Client;

/// <summary>
/// The command line's client of the daemon's API: HTTP/2 with prior knowledge (h2c) over the Unix socket
/// or TCP. Failures surface as <see cref="GrpcCallException"/> (the daemon answered a non-OK status) or
/// <see cref="RecorderUnavailableException"/> (it could not be reached).
/// </summary>
internal sealed class RecorderClient : IDisposable
{
    /// <summary>Unary calls fail with DEADLINE_EXCEEDED after this long unless told otherwise.</summary>
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(10);

    private const string RecorderService = "/seccomp.recorder.v1.Recorder/";
    private const string HealthService = "/grpc.health.v1.Health/";

    private readonly HttpClient _http;
    private readonly RecorderAddress _address;
    private readonly TimeSpan _callTimeout;

    public RecorderClient(string address, TimeSpan? callTimeout = null)
        : this(RecorderAddress.Parse(address), callTimeout)
    {
    }

    public RecorderClient(RecorderAddress address, TimeSpan? callTimeout = null)
    {
        _address = address;
        _callTimeout = callTimeout ?? DefaultCallTimeout;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        if (address.UnixSocketPath is { } socketPath)
        {
            handler.ConnectCallback = (_, cancellationToken) => ConnectUnixAsync(socketPath, cancellationToken);
        }

        _http = new HttpClient(handler)
        {
            BaseAddress = address.BaseUri,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            // Deadlines are per call (grpc-timeout); a watch runs for as long as its caller wants.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public RecorderAddress Address => _address;

    public async Task<IReadOnlyList<Container>> ListContainersAsync(CancellationToken cancellationToken = default)
    {
        ListContainersResponse response = await UnaryAsync(
            RecorderService + "ListContainers", new ListContainersRequest(), ListContainersResponse.Parser, cancellationToken).ConfigureAwait(false);
        return response.Containers;
    }

    /// <summary>One container with its syscalls; NOT_FOUND as <see cref="GrpcCallException"/> for an unknown id.</summary>
    public Task<Container> GetContainerAsync(string id, CancellationToken cancellationToken = default) =>
        GetContainerAsync(id, 0, cancellationToken);

    /// <summary>Run <paramref name="run"/> of the container (0: the newest); <paramref name="id"/> may be a unique prefix.</summary>
    public Task<Container> GetContainerAsync(string id, uint run, CancellationToken cancellationToken) =>
        UnaryAsync(RecorderService + "GetContainer", new GetContainerRequest { Id = id, Run = run }, Container.Parser, cancellationToken);

    public Task<Status> GetStatusAsync(CancellationToken cancellationToken = default) =>
        UnaryAsync(RecorderService + "GetStatus", new GetStatusRequest(), Status.Parser, cancellationToken);

    /// <summary>An enforcing profile from the recordings of <see cref="ExportProfileRequest.ContainerIds"/>.</summary>
    public Task<ExportProfileResponse> ExportProfileAsync(ExportProfileRequest request, CancellationToken cancellationToken = default) =>
        UnaryAsync(RecorderService + "ExportProfile", request, ExportProfileResponse.Parser, cancellationToken);

    /// <summary>Forgets an exited container; NOT_FOUND or FAILED_PRECONDITION (running) as <see cref="GrpcCallException"/>.</summary>
    public Task<DeleteContainerResponse> DeleteContainerAsync(string id, CancellationToken cancellationToken = default) =>
        DeleteContainerAsync(id, 0, cancellationToken);

    public Task<DeleteContainerResponse> DeleteContainerAsync(string id, uint run, CancellationToken cancellationToken) =>
        UnaryAsync(RecorderService + "DeleteContainer", new DeleteContainerRequest { Id = id, Run = run }, DeleteContainerResponse.Parser, cancellationToken);

    /// <summary>grpc.health.v1 Check; "" asks about the daemon as a whole.</summary>
    public async Task<ServingStatus> CheckHealthAsync(string service = "", CancellationToken cancellationToken = default)
    {
        HealthCheckResponse response = await UnaryAsync(
            HealthService + "Check", new HealthCheckRequest { Service = service }, HealthCheckResponse.Parser, cancellationToken).ConfigureAwait(false);
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
        using GrpcClientCall call = await GrpcClientCall.StartAsync(
            _http, _address, RecorderService + "WatchEvents", request, timeout: null, cancellationToken).ConfigureAwait(false);
        while (await call.ReadMessageAsync(Event.Parser).ConfigureAwait(false) is { } recorderEvent)
        {
            yield return recorderEvent;
        }

        call.EnsureSuccess();
    }

    public void Dispose() => _http.Dispose();

    private async Task<TResponse> UnaryAsync<TResponse>(
        string path,
        IMessage request,
        MessageParser<TResponse> parser,
        CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse>
    {
        using GrpcClientCall call = await GrpcClientCall.StartAsync(_http, _address, path, request, _callTimeout, cancellationToken).ConfigureAwait(false);
        TResponse? response = await call.ReadMessageAsync(parser).ConfigureAwait(false);
        if (response is not null && await call.ReadMessageAsync(parser).ConfigureAwait(false) is not null)
        {
            throw new GrpcCallException(StatusCode.Internal, "Additional data after the message received.");
        }

        // A non-OK status explains a missing message better than we could.
        call.EnsureSuccess();
        if (response is null)
        {
            throw new GrpcCallException(StatusCode.Internal, "No message returned from method.");
        }

        return response;
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
