using System.Text;

namespace SeccompRecorder.Handover;

/// <summary>
/// The takeover socket's messages (AF_UNIX SOCK_SEQPACKET, so each is one datagram-like record):
/// successor: <c>seccomp-recorder takeover 1</c>; predecessor: <c>fds</c> + one name per line, with that many fds in
/// SCM_RIGHTS, as often as needed, then <c>end</c> (or <c>error</c> + a reason); successor: <c>serving</c> once it
/// serves them. Until that word the predecessor can take everything back; after it, it exits.
/// </summary>
internal static class TakeoverProtocol
{
    public const string Request = "seccomp-recorder takeover 1";
    public const string End = "end";
    public const string Serving = "serving";
    private const string FdsPrefix = "fds";
    private const string ErrorPrefix = "error ";

    /// <summary>Fewer than SCM_MAX_FD (253) per message, with room to spare.</summary>
    public const int FdsPerMessage = 200;

    /// <summary>The largest message either side sends: 200 names well under 255 bytes each.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    public static byte[] Fds(IEnumerable<string> names) => Encoding.ASCII.GetBytes(FdsPrefix + "\n" + string.Join('\n', names));

    public static byte[] Error(string reason) => Encoding.UTF8.GetBytes(ErrorPrefix + reason);

    public static byte[] Word(string word) => Encoding.ASCII.GetBytes(word);

    /// <summary>What the predecessor sent: a batch of names (for that many fds), the end, or an error.</summary>
    public static TakeoverMessage Parse(ReadOnlySpan<byte> message)
    {
        string text = Encoding.UTF8.GetString(message);
        if (text == End)
        {
            return new TakeoverMessage(TakeoverMessageKind.End, [], null);
        }

        if (text.StartsWith(ErrorPrefix, StringComparison.Ordinal))
        {
            return new TakeoverMessage(TakeoverMessageKind.Error, [], text[ErrorPrefix.Length..]);
        }

        if (text == FdsPrefix || text.StartsWith(FdsPrefix + "\n", StringComparison.Ordinal))
        {
            string[] names = text == FdsPrefix ? [] : text[(FdsPrefix.Length + 1)..].Split('\n');
            foreach (string name in names)
            {
                if (!HandoverNames.IsValid(name))
                {
                    return new TakeoverMessage(TakeoverMessageKind.Invalid, [], $"invalid fd name \"{name}\"");
                }
            }

            return new TakeoverMessage(TakeoverMessageKind.Fds, names, null);
        }

        return new TakeoverMessage(TakeoverMessageKind.Invalid, [], $"unexpected message \"{(text.Length > 64 ? text[..64] + "..." : text)}\"");
    }
}

internal enum TakeoverMessageKind
{
    Invalid,
    Fds,
    End,
    Error,
}

internal sealed record TakeoverMessage(TakeoverMessageKind Kind, IReadOnlyList<string> Names, string? Detail);
