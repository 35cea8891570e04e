using Grpc.Core;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Grpc.Server;
using SeccompRecorder.Recording;
using SeccompRecorder.Recording.Paths;
using SeccompRecorder.Storage;
using ApiStatus = SeccompRecorder.Api.V1.Status;
using RpcStatus = Grpc.Core.Status;

namespace SeccompRecorder.Grpc.Services;

/// <summary>
/// seccomp.recorder.v1.Recorder: answers from <see cref="IRecordingReader"/> snapshots. Each call is a synchronous
/// method (what the tests call) behind the generated base class's override.
/// </summary>
internal sealed class RecorderApi : Recorder.RecorderBase
{
    public const string ServiceName = "seccomp.recorder.v1.Recorder";

    private readonly IRecordingReader _reader;
    private readonly ContainerRemoval? _removal;
    private readonly CancellationToken _stopping;
    private readonly PathReadCounters? _paths;

    /// <param name="serving">Null where nothing stops (a test calling the methods): streams end only with their call.</param>
    /// <param name="removal">Null where nothing can be deleted (a reader without a store): DeleteContainer is
    /// UNIMPLEMENTED then.</param>
    /// <param name="paths">Null where no paths are read (a test calling the methods): the status says none was.</param>
    public RecorderApi(IRecordingReader reader, ServingState? serving = null, ContainerRemoval? removal = null, PathReadCounters? paths = null)
    {
        _paths = paths;
        _reader = reader;
        _removal = removal;
        _stopping = serving?.Stopping ?? CancellationToken.None;
    }

    public override Task<ListContainersResponse> ListContainers(ListContainersRequest request, ServerCallContext context) =>
        Task.FromResult(ListContainers(request));

    public override Task<Container> GetContainer(GetContainerRequest request, ServerCallContext context) =>
        Task.FromResult(GetContainer(request));

    public override Task<ApiStatus> GetStatus(GetStatusRequest request, ServerCallContext context) =>
        Task.FromResult(GetStatus(request));

    public override Task<ExportProfileResponse> ExportProfile(ExportProfileRequest request, ServerCallContext context) =>
        Task.FromResult(ExportProfile(request));

    public override Task<DeleteContainerResponse> DeleteContainer(DeleteContainerRequest request, ServerCallContext context) =>
        Task.FromResult(DeleteContainer(request));

    /// <summary>One page, in key order, as many containers as fit in a message (or page_size).</summary>
    public ListContainersResponse ListContainers(ListContainersRequest request)
    {
        RunKey? after = null;
        if (request.PageToken.Length > 0)
        {
            after = PageToken.TryParse(request.PageToken, out RunKey key)
                ? key
                : throw Fail(StatusCode.InvalidArgument, "page_token is not one this server gave out");
        }

        return ContainerPage.Build(_reader.ListContainers(includeSyscalls: false), after, request.PageSize);
    }

    public Container GetContainer(GetContainerRequest request)
    {
        if (string.IsNullOrEmpty(request.Id))
        {
            throw Fail(StatusCode.InvalidArgument, "id is required");
        }

        ContainerSnapshot snapshot = Find(_reader, request.Id, request.Run, includeSyscalls: true);
        Container container = ProtoMapper.ToContainer(snapshot, includeSyscalls: true);
        ExecutableMapper.AddTo(container, snapshot.Executables, ExecutableMapper.Limit(request.MaxExecutables));
        return ContainerFit.Fit(container, GrpcLimits.ResponseBudgetBytes);
    }

    /// <summary>
    /// Runs until the client cancels, the deadline passes or the daemon stops (UNAVAILABLE, after health said
    /// NOT_SERVING); the reader filters by container.
    /// </summary>
    public override async Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<Event> responseStream, ServerCallContext context)
    {
        // A prefix of a known id watches that id; an id not seen yet is watched as given (its container may come).
        string? containerId = null;
        if (!string.IsNullOrEmpty(request.ContainerId))
        {
            ContainerLookup lookup = _reader.Lookup(request.ContainerId, 0, includeSyscalls: false);
            containerId = lookup.Status switch
            {
                LookupStatus.Found => lookup.Id,
                LookupStatus.Ambiguous => throw Fail(StatusCode.InvalidArgument, lookup.Describe(0)),
                _ => request.ContainerId,
            };
        }

        using var call = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, _stopping);
        try
        {
            await foreach (RecorderEvent recorderEvent in _reader.WatchEvents(containerId, call.Token).WithCancellation(call.Token).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(ProtoMapper.ToEvent(recorderEvent), call.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw Fail(StatusCode.Unavailable, "The server is shutting down.");
        }
    }

    public ApiStatus GetStatus(GetStatusRequest request)
    {
        ApiStatus status = ProtoMapper.ToStatus(_reader.GetStatus());
        if (_paths is not null)
        {
            status.CapturePaths = _paths.WhenAllowed;
            status.PathReads = (ulong)_paths.Reads;
            status.PathReadsDenied = (ulong)_paths.Denied;
        }

        return status;
    }

    public ExportProfileResponse ExportProfile(ExportProfileRequest request) => ProfileExport.Export(_reader, request);

    public DeleteContainerResponse DeleteContainer(DeleteContainerRequest request)
    {
        if (string.IsNullOrEmpty(request.Id))
        {
            throw Fail(StatusCode.InvalidArgument, "id is required");
        }

        if (_removal is null)
        {
            throw Fail(StatusCode.Unimplemented, "this server keeps no recordings to delete");
        }

        ContainerSnapshot snapshot = Find(_reader, request.Id, request.Run, includeSyscalls: false);
        string key = EchoedText.Quote(snapshot.Key.ToString());
        return _removal.Delete(snapshot.Key) switch
        {
            RemoveOutcome.Removed => new DeleteContainerResponse(),
            RemoveOutcome.Running => throw Fail(StatusCode.FailedPrecondition, $"container {key} is running"),
            _ => throw Fail(StatusCode.NotFound, $"container {key} not found"),
        };
    }

    /// <summary>One run by id or unique prefix: NOT_FOUND for none, INVALID_ARGUMENT for an ambiguous prefix.</summary>
    internal static ContainerSnapshot Find(IRecordingReader reader, string id, uint run, bool includeSyscalls)
    {
        int number = run > int.MaxValue ? int.MaxValue : (int)run;
        ContainerLookup lookup = reader.Lookup(id, number, includeSyscalls);
        return lookup.Status switch
        {
            LookupStatus.Found => lookup.Container!,
            LookupStatus.Ambiguous => throw Fail(StatusCode.InvalidArgument, lookup.Describe(number)),
            _ => throw Fail(StatusCode.NotFound, lookup.Describe(number)),
        };
    }

    /// <summary>The call's status; <paramref name="detail"/> repeats request text only through <see cref="EchoedText"/>.</summary>
    internal static RpcException Fail(StatusCode code, string detail) => new(new RpcStatus(code, detail));
}
