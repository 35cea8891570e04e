using System.Globalization;
using System.Text;

namespace SeccompRecorder.Recording.Paths;

/// <summary>
/// A path's bytes as text: valid UTF-8 as it is, a backslash doubled, and every byte of invalid UTF-8 or of a control
/// character as <c>\xNN</c>. Injective, so two paths never read alike; what the container put in its memory never
/// reaches a terminal or a log as control characters.
/// </summary>
internal static class PathText
{
    public static string Format(ReadOnlySpan<byte> bytes)
    {
        StringBuilder text = new(bytes.Length);
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out Rune rune, out int consumed) == System.Buffers.OperationStatus.Done && !Rune.IsControl(rune))
            {
                if (rune.Value == '\\')
                {
                    text.Append('\\');
                }

                text.Append(rune.ToString());
            }
            else
            {
                consumed = Math.Max(consumed, 1);
                for (int i = 0; i < consumed; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"\\x{bytes[i]:x2}");
                }
            }

            bytes = bytes[consumed..];
        }

        return text.ToString();
    }
}
