namespace SeccompRecorder.Agent;

/// <summary>Why a listener connection was refused; the metrics label and the log say the same.</summary>
internal enum RejectReason
{
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
}
