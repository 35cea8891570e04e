namespace SeccompRecorder.Tests;

/// <summary>
/// The one bound of every await in the tests, and the one way to poll for an effect that has nothing to await: a hang
/// fails the test instead of the run.
/// </summary>
internal static class TestTimeouts
{
    /// <summary>Every await in these tests is bounded by this: a hang fails the test instead of the run.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    /// <summary>Waits for <paramref name="condition"/>, polling: for effects with no event to await.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(Default);
        while (!condition())
        {
            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out waiting until {what}");
            }
        }
    }
}
