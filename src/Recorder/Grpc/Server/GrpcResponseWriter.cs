using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace SeccompRecorder.Grpc.Server;

/// <summary>Response-Headers and Length-Prefixed-Messages; the status is <see cref="GrpcStatusWriter"/>'s.</summary>
internal static class GrpcResponseWriter
{
    /// <summary>
    /// Sends the response headers. After this the status can only go in trailers, which is what the
    /// streaming calls want: the client learns at once that the call was accepted.
    /// </summary>
    public static async Task StartAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        GrpcStatusWriter.SetResponseHeaders(response);
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(response.BodyWriter, cancellationToken).ConfigureAwait(false);
    }

    public static async Task WriteMessageAsync(HttpResponse response, IMessage message, CancellationToken cancellationToken)
    {
        GrpcFraming.WriteMessage(response.BodyWriter, message);
        await FlushAsync(response.BodyWriter, cancellationToken).ConfigureAwait(false);
    }

    private static async Task FlushAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        FlushResult result = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled || result.IsCompleted)
        {
            // The stream is gone (RST_STREAM, connection closed) or the flush was cancelled: the caller
            // tells which from its tokens.
            throw new OperationCanceledException("The response could not be flushed.", cancellationToken);
        }
    }
}
