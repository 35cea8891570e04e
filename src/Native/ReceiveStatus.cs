namespace SeccompRecorder.Native;

public enum ReceiveStatus
{
    /// <summary>BytesRead bytes of payload (and any fds) arrived.</summary>
    Data,

    /// <summary>The peer closed its end: EOF.</summary>
    EndOfStream,

    /// <summary>Nothing to read yet (EAGAIN): wait for readability and call again.</summary>
    WouldBlock,
}
