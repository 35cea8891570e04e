namespace SeccompRecorder.Native;

/// <summary>What one non-blocking recvmsg(2) gave.</summary>
public readonly record struct ReceiveResult(ReceiveStatus Status, int BytesRead, bool ControlTruncated, bool ControlMalformed);
