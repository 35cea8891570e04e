namespace SeccompRecorder.Tests.Native;

/// <summary>Bounds every await in the Native, Agent and Recording tests: a hang fails the test instead of the run.</summary>
internal static class TestDeadline
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> for effects that have nothing to await.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using CancellationTokenSource deadline = new(Default);
        while (!condition())
        {
            try
            {
                await Task.Delay(10, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out waiting until {what}");
            }
        }
    }
}
