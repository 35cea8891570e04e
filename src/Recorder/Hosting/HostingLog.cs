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

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "The gRPC API on TCP {Endpoint} is plaintext with no authentication (--api-tcp-insecure): anyone who reaches it reads every recording and can delete them")]
    public static partial void ApiTcpInsecure(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "TCP API certificate and client CA re-read: serving {Subject}, valid until {NotAfter:o}")]
    public static partial void ApiCertificatesReloaded(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "TCP API certificate files changed but do not load, the previous ones stay in use: {Error}")]
    public static partial void ApiCertificatesNotReloaded(ILogger logger, string error);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "TCP API client certificate {Subject} refused: {Status}")]
    public static partial void ClientCertificateRefused(ILogger logger, string subject, string status);
}
