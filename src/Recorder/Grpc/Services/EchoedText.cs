using System.Text;

namespace SeccompRecorder.Grpc.Services;

/// <summary>
/// What a status message may repeat of a request. An 8 KB id echoed whole into grpc-message made grpcio fail the call
/// (and others on its connection) with RESOURCE_EXHAUSTED; at 100 KB the answer never left the server.
/// </summary>
internal static class EchoedText
{
    private const string Ellipsis = "...";

    /// <summary>The value in double quotes, cut to <see cref="GrpcLimits.MaxEchoedChars"/> with "..." when longer.</summary>
    public static string Quote(string value) => "\"" + Bound(value, GrpcLimits.MaxEchoedChars) + "\"";

    /// <summary>At most <paramref name="maxChars"/> characters, the last three "..." when cut; never half a surrogate pair.</summary>
    public static string Bound(string value, int maxChars)
    {
        if (value.Length <= maxChars)
        {
            return value;
        }

        int keep = maxChars - Ellipsis.Length;
        if (char.IsHighSurrogate(value[keep - 1]))
        {
            keep--;
        }

        return string.Concat(value.AsSpan(0, keep), Ellipsis);
    }

    /// <summary>At most <paramref name="maxBytes"/> bytes of UTF-8, for a whole status message.</summary>
    public static string BoundUtf8(string value, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(value) <= maxBytes)
        {
            return value;
        }

        // Each char is at most 3 bytes of UTF-8 (a surrogate pair is 4 for 2): this many always fit.
        return Bound(value, (maxBytes - Ellipsis.Length) / 3 + Ellipsis.Length);
    }
}
