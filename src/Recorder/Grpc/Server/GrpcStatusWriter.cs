using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace SeccompRecorder.Grpc.Server;

/// <summary>
/// The one place that writes a gRPC status (grpc/grpc doc/PROTOCOL-HTTP2.md, "Responses"):
/// <code>
/// Response → (Response-Headers *Length-Prefixed-Message Trailers) / Trailers-Only
/// Trailers-Only → HTTP-Status Content-Type Trailers   ; one HEADERS frame with END_STREAM
/// Trailers → Status [Status-Message] *Custom-Metadata
/// </code>
/// </summary>
internal static class GrpcStatusWriter
{
    /// <summary>
    /// Trailers-Only when the response headers have not been sent, trailers otherwise. Kestrel sends either
    /// when the request delegate returns, so this is the last thing a call does to its response.
    /// </summary>
    public static void Write(HttpResponse response, StatusCode code, string? message)
    {
        string status = ((int)code).ToString(CultureInfo.InvariantCulture);
        string? encoded = string.IsNullOrEmpty(message) ? null : GrpcMessageEncoding.Encode(message);
        if (!response.HasStarted)
        {
            // Trailers-Only: HTTP 200, the status rides in the headers and there is no body.
            response.StatusCode = StatusCodes.Status200OK;
            SetResponseHeaders(response);
            response.Headers[GrpcProtocol.StatusHeader] = status;
            if (encoded is not null)
            {
                response.Headers[GrpcProtocol.MessageHeader] = encoded;
            }

            return;
        }

        response.AppendTrailer(GrpcProtocol.StatusHeader, status);
        if (encoded is not null)
        {
            response.AppendTrailer(GrpcProtocol.MessageHeader, encoded);
        }
    }

    /// <summary>
    /// A request that is not gRPC enough to get a gRPC answer (wrong HTTP version, method or content type):
    /// an HTTP error status, with grpc-status beside it for clients that only look at that (grpc-dotnet does the same).
    /// </summary>
    public static void WriteHttpError(HttpResponse response, int httpStatusCode, StatusCode code, string message)
    {
        response.StatusCode = httpStatusCode;
        response.Headers[GrpcProtocol.StatusHeader] = ((int)code).ToString(CultureInfo.InvariantCulture);
        response.Headers[GrpcProtocol.MessageHeader] = GrpcMessageEncoding.Encode(message);
    }

    /// <summary>Headers of every gRPC response, Trailers-Only or not.</summary>
    public static void SetResponseHeaders(HttpResponse response)
    {
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.IdentityEncoding;
    }
}
