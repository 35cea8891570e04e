namespace SeccompRecorder.Recording;

/// <summary>Why a listener connection was refused; the metrics label and the log say the same.</summary>
internal enum RejectReason
{
    /// <summary>Not rejected: the default, so a success never reads as a failure reason.</summary>
    None,
    Timeout,
    TooLarge,
    ControlTruncated,
    ControlMalformed,
    InvalidState,
    NoSeccompFd,
    FdCountMismatch,
    NotSeccompListener,
    ReadFailed,
    ShuttingDown,

    /// <summary>The peer's uid is neither root nor an --allowed-uid; nothing was read from it.</summary>
    PeerNotAllowed,

    /// <summary>The peer closed without sending a byte (a failed crun start, a daemon probing the socket): Debug only.</summary>
    ClosedBeforeFirstByte,
}
