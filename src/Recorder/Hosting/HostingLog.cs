using Microsoft.Extensions.Logging;

namespace SeccompRecorder.Hosting;

internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "seccomp-recorder {Version} started: listener {Listener}, API {Api}{ApiTcp}")]
    public static partial void Started(ILogger logger, string version, string listener, string api, string apiTcp);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Kernel notification sizes: seccomp_notif {Notif}, seccomp_notif_resp {Resp}, seccomp_data {Data} (ours {OurNotif}/{OurResp}/{OurData})")]
    public static partial void KernelSizes(ILogger logger, int notif, int resp, int data, int ourNotif, int ourResp, int ourData);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Replaced stale API socket {Path}")]
    public static partial void ReplacedStaleApiSocket(ILogger logger, string path);
}
