namespace SeccompRecorder.Grpc;

/// <summary>Why <see cref="GrpcFraming.TryReadMessage"/> refused a frame. <see cref="None"/> with a false return means "need more bytes".</summary>
internal enum GrpcFrameError
{
    None = 0,

    /// <summary>Compressed-Flag is 1: we only speak identity and advertise so (grpc-accept-encoding: identity).</summary>
    CompressedMessage,

    /// <summary>Compressed-Flag is neither 0 nor 1.</summary>
    InvalidCompressedFlag,

    /// <summary>Message-Length is over the limit; seen from the 5-byte prefix alone, before the body is buffered.</summary>
    MessageTooLarge,
}
