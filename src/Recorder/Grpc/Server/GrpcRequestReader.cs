using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;

namespace SeccompRecorder.Grpc.Server;

/// <summary>The read loop around <see cref="GrpcFraming.TryReadMessage"/> for requests with exactly one message.</summary>
internal static class GrpcRequestReader
{
    /// <summary>
    /// Reads the request body to its end and returns its one message. Zero messages, a truncated one, or
    /// bytes after it are INTERNAL, with grpc-dotnet's messages.
    /// </summary>
    public static async Task<TRequest> ReadSingleMessageAsync<TRequest>(
        PipeReader reader,
        MessageParser<TRequest> parser,
        int maxMessageSize,
        CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
    {
        TRequest? request = default;
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            try
            {
                if (request is null)
                {
                    if (GrpcFraming.TryReadMessage(ref buffer, maxMessageSize, out ReadOnlySequence<byte> payload, out GrpcFrameError error))
                    {
                        request = Parse(parser, payload);
                    }
                    else if (error != GrpcFrameError.None)
                    {
                        throw GrpcFraming.ToException(error, maxMessageSize);
                    }
                }

                if (request is not null && !buffer.IsEmpty)
                {
                    throw new GrpcCallException(StatusCode.Internal, "Additional data after the message received.");
                }

                if (result.IsCompleted)
                {
                    if (request is not null)
                    {
                        return request;
                    }

                    throw new GrpcCallException(
                        StatusCode.Internal,
                        buffer.IsEmpty ? "No message received." : "Incomplete message.");
                }
            }
            finally
            {
                // Everything seen is examined: the next read waits for more bytes instead of spinning.
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    private static TRequest Parse<TRequest>(MessageParser<TRequest> parser, ReadOnlySequence<byte> payload)
        where TRequest : IMessage<TRequest>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new GrpcCallException(StatusCode.Internal, "Error parsing the request message: " + ex.Message);
        }
    }
}
