namespace SeccompRecorder.Tests.Integration;

/// <summary>Stops a daemon at the end of a test if a takeover did not: the predecessor of a hand-over.</summary>
internal sealed class DaemonProcessGuard(DaemonProcess daemon) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => daemon.DisposeAsync();
}
