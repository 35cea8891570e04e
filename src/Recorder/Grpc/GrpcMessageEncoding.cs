using System.Text;

namespace SeccompRecorder.Grpc;

/// <summary>
/// grpc-message is percent-encoded (grpc/grpc doc/PROTOCOL-HTTP2.md, "Responses"):
/// <code>
/// Status-Message → Percent-Encoded
/// Percent-Encoded → 1*(Percent-Byte-Unencoded / Percent-Byte-Encoded)
/// Percent-Byte-Unencoded → 1*( %x20-%x24 / %x26-%x7E ) ; space and VCHAR, except %
/// Percent-Byte-Encoded → "%" 2HEXDIGIT ; 0-9 A-F
/// </code>
/// The text is UTF-8 first, so a non-ASCII character becomes several %XX.
/// </summary>
internal static class GrpcMessageEncoding
{
    public static string Encode(string message)
    {
        if (!NeedsEncoding(message))
        {
            return message;
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(message);
        var builder = new StringBuilder(utf8.Length * 3);
        foreach (byte b in utf8)
        {
            if (IsUnreserved(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The spec says a decoder must not fail: a malformed escape is kept as it is, and bytes that are not
    /// UTF-8 become U+FFFD.
    /// </summary>
    public static string Decode(string encoded)
    {
        if (!encoded.Contains('%'))
        {
            return encoded;
        }

        var bytes = new List<byte>(encoded.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < encoded.Length; i++)
        {
            char c = encoded[i];
            if (c == '%' && i + 2 < encoded.Length && TryHex(encoded[i + 1], out int high) && TryHex(encoded[i + 2], out int low))
            {
                bytes.Add((byte)((high << 4) | low));
                i += 2;
            }
            else if (c <= 0x7F)
            {
                bytes.Add((byte)c);
            }
            else
            {
                // Not allowed on the wire; keep it rather than lose it.
                Rune.DecodeFromUtf16(encoded.AsSpan(i), out Rune rune, out int consumed);
                int written = rune.EncodeToUtf8(utf8);
                bytes.AddRange(utf8.Slice(0, written));
                i += consumed - 1;
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool NeedsEncoding(string message)
    {
        foreach (char c in message)
        {
            if (c > 0x7F || !IsUnreserved((byte)c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnreserved(byte b) => b is >= 0x20 and <= 0x7E && b != (byte)'%';

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    private static bool TryHex(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'F' => c - 'A' + 10,
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
