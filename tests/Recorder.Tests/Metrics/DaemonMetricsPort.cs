using System.Runtime.CompilerServices;

namespace SeccompRecorder.Tests.Metrics;

/// <summary>
/// Every daemon the tests start gets an ephemeral metrics port unless it passes --metrics itself. Without this, each
/// would bind the default 127.0.0.1:9756: the shared runc daemon and a lifecycle test's daemon at once (the second
/// exits 1), or a daemon the machine already runs. Child processes inherit the variable; the command line still wins.
/// </summary>
/// <remarks>
/// Process-wide on purpose: DaemonProcess.Launch is where it belongs (issue #3), and until it passes
/// "--metrics 127.0.0.1:0" itself this is the one place that covers every launch.
/// </remarks>
internal static class DaemonMetricsPort
{
    public const string Variable = "SECCOMP_RECORDER_METRICS";

#pragma warning disable CA2255 // The test assembly is not a library anyone references: this runs before any test starts a daemon.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void UseEphemeralPort() => Environment.SetEnvironmentVariable(Variable, "127.0.0.1:0");
}
