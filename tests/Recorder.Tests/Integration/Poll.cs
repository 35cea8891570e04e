using SeccompRecorder.Tests.Grpc;

namespace SeccompRecorder.Tests.Integration;

internal static class Poll
{
    /// <summary>Calls <paramref name="probe"/> until it returns a value, bounded by the test timeout.</summary>
    public static async Task<T> UntilAsync<T>(Func<CancellationToken, Task<T?>> probe, Func<string> what)
        where T : class
    {
        using CancellationTokenSource deadline = new(TestTimeouts.Default);
        try
        {
            while (true)
            {
                if (await probe(deadline.Token) is { } value)
                {
                    return value;
                }

                await Task.Delay(20, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"timed out waiting until {what()}");
        }
    }
}
