namespace SeccompRecorder.Grpc.Client;

/// <summary>The daemon could not be reached at all: no socket, nothing listening, or no permission to connect.</summary>
internal sealed class RecorderUnavailableException : Exception
{
    public RecorderUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
