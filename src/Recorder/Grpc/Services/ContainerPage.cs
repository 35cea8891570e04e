using Google.Protobuf;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Grpc.Services;

/// <summary>
/// ListContainers' answer: containers in key order after the page token, as many as page_size allows and fit in
/// <see cref="GrpcLimits.ResponseBudgetBytes"/>. 18 containers with 241 KB of annotations each once made one answer of
/// 4.35 MB, which a default grpcio client refuses.
/// </summary>
internal static class ContainerPage
{
    public static ListContainersResponse Build(IEnumerable<ContainerSnapshot> snapshots, RunKey? after, uint pageSize) =>
        Build(snapshots, after, pageSize, GrpcLimits.ResponseBudgetBytes);

    /// <param name="budget">Bytes the containers may fill; a container bigger than that alone is sent summarised
    /// (<see cref="ContainerFit"/>).</param>
    public static ListContainersResponse Build(IEnumerable<ContainerSnapshot> snapshots, RunKey? after, uint pageSize, int budget)
    {
        IEnumerable<ContainerSnapshot> remaining = snapshots;
        if (after is { } start)
        {
            remaining = remaining.Where(s => PageToken.Compare(s.Key, start) > 0);
        }

        var response = new ListContainersResponse();
        int limit = pageSize == 0 || pageSize > int.MaxValue ? int.MaxValue : (int)pageSize;
        int used = 0;
        RunKey last = default;
        foreach (ContainerSnapshot snapshot in remaining.OrderBy(s => s.Key, Comparer<RunKey>.Create(PageToken.Compare)))
        {
            Container container = ContainerFit.Fit(ProtoMapper.ToContainer(snapshot, includeSyscalls: false), budget);
            // Field 1's tag, then the length-prefixed message.
            int size = 1 + CodedOutputStream.ComputeMessageSize(container);
            if (response.Containers.Count == limit || (response.Containers.Count > 0 && used + size > budget))
            {
                response.NextPageToken = PageToken.Format(last);
                break;
            }

            response.Containers.Add(container);
            used += size;
            last = snapshot.Key;
        }

        return response;
    }
}
