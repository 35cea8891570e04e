using Microsoft.Extensions.Logging;

namespace SeccompRecorder.Hosting;

/// <summary>
/// Until the host has started, drops the errors of Microsoft.Extensions.Hosting's Host: its only one then is "Hosting
/// failed to start" with the whole exception and stack, and that exception reaches DaemonCommand, which prints it as one
/// line (a failed bind: "Failed to bind to address ...: address already in use"). Critical ones, and everything once
/// started (a background service's fault), are kept.
/// </summary>
internal sealed class HostStartLogFilter
{
    public const string Category = "Microsoft.Extensions.Hosting.Internal.Host";

    private volatile bool _started;

    public void Started() => _started = true;

    /// <summary>For the Host's category only (<see cref="Category"/>).</summary>
    public bool IsEnabled(LogLevel level) => _started || level != LogLevel.Error;
}
