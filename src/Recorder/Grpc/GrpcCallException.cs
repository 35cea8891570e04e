namespace SeccompRecorder.Grpc;

/// <summary>
/// A call that ends with a non-OK gRPC status. Thrown by handlers to choose the status the client sees,
/// and by <see cref="Client.RecorderClient"/> when the server answered one.
/// </summary>
internal sealed class GrpcCallException : Exception
{
    public GrpcCallException(StatusCode statusCode, string detail)
        : base(detail)
    {
        StatusCode = statusCode;
        Detail = detail;
    }

    public StatusCode StatusCode { get; }

    /// <summary>The grpc-message, decoded.</summary>
    public string Detail { get; }
}
