namespace SeccompRecorder.Grpc;

/// <summary>The sizes the API holds to, both ways: what every gRPC implementation accepts by default.</summary>
internal static class GrpcLimits
{
    /// <summary>The largest message either way (4 MiB), the default receive limit of grpcio, grpc-go and grpc-dotnet.</summary>
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    /// <summary>
    /// What an answer's repeated and free-text parts may fill: the limit less room for the fields that are always sent
    /// (a page token, counts) and the 5-byte gRPC message prefix.
    /// </summary>
    public const int ResponseBudgetBytes = MaxMessageBytes - (64 * 1024);

    /// <summary>
    /// The longest status message, in UTF-8 bytes. grpc-message is percent-encoded (at most 3 bytes a byte) and grpcio
    /// refuses response metadata over 8 KiB, failing the call and others on its connection: 1 KiB stays well inside.
    /// </summary>
    public const int MaxStatusDetailBytes = 1024;

    /// <summary>The most of one client-supplied value (an id, a name, an errno) a status message repeats.</summary>
    public const int MaxEchoedChars = 100;
}
