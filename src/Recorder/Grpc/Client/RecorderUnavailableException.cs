namespace SeccompRecorder.Grpc.Client;

/// <summary>
/// The daemon could not be reached at all: no socket, nothing listening, or no permission to connect; or what is there
/// is no gRPC server (<see cref="NotGrpc"/>).
/// </summary>
internal sealed class RecorderUnavailableException : Exception
{
    public RecorderUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The address answered, but not as a gRPC server: the caller knows what the address should have been.</summary>
    public bool NotGrpc { get; init; }
}
