using System.Text;

namespace SeccompRecorder.Agent;

/// <summary>
/// The start of what a runtime sent, for a Debug log line: bounded, one line, control characters and anything
/// non-printable escaped, so a hostile or broken peer cannot forge log lines or flood the journal. Pure.
/// </summary>
internal static class MessagePreview
{
    public const int MaxBytes = 512;

    public static string Of(ReadOnlySpan<byte> payload)
    {
        ReadOnlySpan<byte> head = payload.Length > MaxBytes ? payload[..MaxBytes] : payload;
        StringBuilder text = new(head.Length + 16);
        foreach (byte b in head)
        {
            // Bytes, not chars: a cut UTF-8 sequence or invalid UTF-8 still prints as what it is.
            if (b is >= 0x20 and < 0x7f && b != '\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(b switch
                {
                    (byte)'\\' => "\\\\",
                    (byte)'\n' => "\\n",
                    (byte)'\t' => "\\t",
                    (byte)'\r' => "\\r",
                    _ => $"\\x{b:x2}",
                });
            }
        }

        if (payload.Length > MaxBytes)
        {
            text.Append("... (").Append(payload.Length - MaxBytes).Append(" more bytes)");
        }

        return text.ToString();
    }
}
