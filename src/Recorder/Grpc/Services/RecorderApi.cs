using System.Runtime.CompilerServices;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Grpc.Server;
using SeccompRecorder.Recording;
using SeccompRecorder.Storage;

namespace SeccompRecorder.Grpc.Services;

/// <summary>seccomp.recorder.v1.Recorder: answers from <see cref="IRecordingReader"/> snapshots.</summary>
internal sealed class RecorderApi
{
    public const string ServiceName = "seccomp.recorder.v1.Recorder";

    private readonly IRecordingReader _reader;
    private readonly ContainerRemoval? _removal;

    /// <param name="removal">Null where nothing can be deleted (a reader without a store): DeleteContainer is
    /// UNIMPLEMENTED then.</param>
    public RecorderApi(IRecordingReader reader, ContainerRemoval? removal = null)
    {
        _reader = reader;
        _removal = removal;
    }

    public IEnumerable<GrpcMethod> Methods =>
    [
        new UnaryMethod<ListContainersRequest, ListContainersResponse>(
            ServiceName, "ListContainers", ListContainersRequest.Parser, (request, _) => ValueTask.FromResult(ListContainers(request))),
        new UnaryMethod<GetContainerRequest, Container>(
            ServiceName, "GetContainer", GetContainerRequest.Parser, (request, _) => ValueTask.FromResult(GetContainer(request))),
        new ServerStreamingMethod<WatchEventsRequest, Event>(
            ServiceName, "WatchEvents", WatchEventsRequest.Parser, WatchEvents),
        new UnaryMethod<GetStatusRequest, Status>(
            ServiceName, "GetStatus", GetStatusRequest.Parser, (request, _) => ValueTask.FromResult(GetStatus(request))),
        new UnaryMethod<ExportProfileRequest, ExportProfileResponse>(
            ServiceName, "ExportProfile", ExportProfileRequest.Parser, (request, _) => ValueTask.FromResult(ExportProfile(request))),
        new UnaryMethod<DeleteContainerRequest, DeleteContainerResponse>(
            ServiceName, "DeleteContainer", DeleteContainerRequest.Parser, (request, _) => ValueTask.FromResult(DeleteContainer(request))),
    ];

    public ListContainersResponse ListContainers(ListContainersRequest request)
    {
        var response = new ListContainersResponse();
        foreach (ContainerSnapshot snapshot in _reader.ListContainers(includeSyscalls: false))
        {
            response.Containers.Add(ProtoMapper.ToContainer(snapshot, includeSyscalls: false));
        }

        return response;
    }

    public Container GetContainer(GetContainerRequest request)
    {
        if (string.IsNullOrEmpty(request.Id))
        {
            throw new GrpcCallException(StatusCode.InvalidArgument, "id is required");
        }

        if (!_reader.TryGetContainer(request.Id, out ContainerSnapshot? snapshot))
        {
            throw new GrpcCallException(StatusCode.NotFound, $"container \"{request.Id}\" not found");
        }

        return ProtoMapper.ToContainer(snapshot, includeSyscalls: true);
    }

    /// <summary>Runs until the client cancels, the deadline passes or the daemon stops; the reader filters by container.</summary>
    public async IAsyncEnumerable<Event> WatchEvents(
        WatchEventsRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? containerId = string.IsNullOrEmpty(request.ContainerId) ? null : request.ContainerId;
        await foreach (RecorderEvent recorderEvent in _reader.WatchEvents(containerId, cancellationToken).WithCancellation(cancellationToken))
        {
            yield return ProtoMapper.ToEvent(recorderEvent);
        }
    }

    public Status GetStatus(GetStatusRequest request) => ProtoMapper.ToStatus(_reader.GetStatus());

    public DeleteContainerResponse DeleteContainer(DeleteContainerRequest request)
    {
        if (string.IsNullOrEmpty(request.Id))
        {
            throw new GrpcCallException(StatusCode.InvalidArgument, "id is required");
        }

        if (_removal is null)
        {
            throw new GrpcCallException(StatusCode.Unimplemented, "this server keeps no recordings to delete");
        }

        return _removal.Delete(request.Id) switch
        {
            RemoveOutcome.Removed => new DeleteContainerResponse(),
            RemoveOutcome.Running => throw new GrpcCallException(StatusCode.FailedPrecondition, $"container \"{request.Id}\" is running"),
            _ => throw new GrpcCallException(StatusCode.NotFound, $"container \"{request.Id}\" not found"),
        };
    }

    public ExportProfileResponse ExportProfile(ExportProfileRequest request) => ProfileExport.Export(_reader, request);
}
