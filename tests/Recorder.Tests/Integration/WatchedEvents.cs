using SeccompRecorder.Api.V1;
using SeccompRecorder.Grpc.Client;

namespace SeccompRecorder.Tests.Integration;

/// <summary>A container's events as WatchEvents streams them, until it exits.</summary>
internal static class WatchedEvents
{
    public static async Task<List<Event>> CollectUntilExitAsync(RecorderClient client, string id, CancellationToken cancellationToken)
    {
        List<Event> events = [];
        await foreach (Event item in client.WatchEventsAsync(id, cancellationToken))
        {
            events.Add(item);
            if (item.Kind == Event.Types.Kind.ContainerExited)
            {
                break;
            }
        }

        return events;
    }
}
