using Microsoft.Extensions.Logging;
using SeccompRecorder.Recording;

namespace SeccompRecorder.Notify;

/// <summary>Whether the kernel gave the last worker its same-CPU wake-up; a kernel without it is logged once.</summary>
internal sealed class SyncWakeUpReport
{
    private readonly DaemonCounters _counters;
    private readonly ILogger _logger;
    private int _missingLogged;

    public SyncWakeUpReport(DaemonCounters counters, ILogger logger)
    {
        _counters = counters;
        _logger = logger;
    }

    public void Report(bool enabled)
    {
        _counters.ReportSyncWakeUp(enabled);
        if (!enabled && Interlocked.Exchange(ref _missingLogged, 1) == 0)
        {
            NotifyLog.NoSyncWakeUp(_logger);
        }
    }
}
