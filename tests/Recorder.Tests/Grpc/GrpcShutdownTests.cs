using SeccompRecorder.Api.V1;
using SeccompRecorder.Grpc;
using SeccompRecorder.Grpc.Client;
using Xunit;

namespace SeccompRecorder.Tests.Grpc;

public sealed class GrpcShutdownTests
{
    [Fact]
    public async Task WatchEvents_HostStops_StreamEndsUnavailableWithoutHoldingShutdown()
    {
        var host = new GrpcTestHost();
        await host.InitializeAsync().WaitAsync(TestTimeouts.Default);
        Task<StopOutcome>? watching = null;
        try
        {
            using var client = new RecorderClient(host.SocketPath);
            var firstEvent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            watching = WatchAsync(client, firstEvent);
            await firstEvent.Task.WaitAsync(TestTimeouts.Default);
        }
        finally
        {
            // Well under the host's 30 s shutdown timeout, or the stream held it.
            await host.DisposeAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        StopOutcome outcome = await watching.WaitAsync(TestTimeouts.Default);
        Assert.Equal(StatusCode.Unavailable, outcome.Code);
        Assert.Equal("The server is shutting down.", outcome.Detail);
    }

    private static async Task<StopOutcome> WatchAsync(RecorderClient client, TaskCompletionSource firstEvent)
    {
        try
        {
            await foreach (Event e in client.WatchEventsAsync(containerId: null, CancellationToken.None))
            {
                firstEvent.TrySetResult();
            }

            return new StopOutcome(StatusCode.OK, string.Empty);
        }
        catch (GrpcCallException ex)
        {
            return new StopOutcome(ex.StatusCode, ex.Detail);
        }
    }

    private sealed record StopOutcome(StatusCode Code, string Detail);
}
