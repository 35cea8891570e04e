namespace SeccompRecorder.Agent;

/// <summary>How waiting for a runtime connection's first byte ended.</summary>
internal enum FirstByte
{
    /// <summary>Data is there: the message is read under the connection timeout from now on.</summary>
    Arrived,

    /// <summary>The peer closed without sending anything: every failed crun start does.</summary>
    Closed,

    /// <summary>The first-byte limit (off by default) passed.</summary>
    TimedOut,

    /// <summary>The daemon stops.</summary>
    Stopping,

    /// <summary>A hand-over took the connection: the socket belongs to it now, untouched (no byte consumed).</summary>
    Parked,
}
