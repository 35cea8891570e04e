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

        ContainerSnapshot snapshot = Find(_reader, request.Id, request.Run, includeSyscalls: true);
        return ProtoMapper.ToContainer(snapshot, includeSyscalls: true);
    }

    /// <summary>Runs until the client cancels, the deadline passes or the daemon stops; the reader filters by container.</summary>
    public async IAsyncEnumerable<Event> WatchEvents(
        WatchEventsRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A prefix of a known id watches that id; an id not seen yet is watched as given (its container may come).
        string? containerId = null;
        if (!string.IsNullOrEmpty(request.ContainerId))
        {
            ContainerLookup lookup = _reader.Lookup(request.ContainerId, 0, includeSyscalls: false);
            containerId = lookup.Status switch
            {
                LookupStatus.Found => lookup.Id,
                LookupStatus.Ambiguous => throw new GrpcCallException(StatusCode.InvalidArgument, lookup.Describe(0)),
                _ => request.ContainerId,
            };
        }

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

        ContainerSnapshot snapshot = Find(_reader, request.Id, request.Run, includeSyscalls: false);
        return _removal.Delete(snapshot.Key) switch
        {
            RemoveOutcome.Removed => new DeleteContainerResponse(),
            RemoveOutcome.Running => throw new GrpcCallException(StatusCode.FailedPrecondition, $"container \"{snapshot.Key}\" is running"),
            _ => throw new GrpcCallException(StatusCode.NotFound, $"container \"{snapshot.Key}\" not found"),
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
            LookupStatus.Ambiguous => throw new GrpcCallException(StatusCode.InvalidArgument, lookup.Describe(number)),
            _ => throw new GrpcCallException(StatusCode.NotFound, lookup.Describe(number)),
        };
    }

    public ExportProfileResponse ExportProfile(ExportProfileRequest request) => ProfileExport.Export(_reader, request);
}
