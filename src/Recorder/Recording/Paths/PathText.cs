using System.Globalization;
using System.Text;

namespace SeccompRecorder.Recording.Paths;

/// <summary>
/// A path's bytes as text: valid UTF-8 as it is, a backslash doubled, and every byte of invalid UTF-8, of a control
/// character, of a bidi override or isolate or of a Unicode line break as <c>\xNN</c>. Injective, so two paths never
/// read alike; what the container put in its memory never reaches a terminal or a log as control characters or
/// reordered text (Trojan Source, CVE-2021-42574).
/// </summary>
internal static class PathText
{
    public static string Format(ReadOnlySpan<byte> bytes)
    {
        StringBuilder text = new(bytes.Length);
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out Rune rune, out int consumed) == System.Buffers.OperationStatus.Done && !Rune.IsControl(rune) && !IsReordering(rune.Value))
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

    private static bool IsReordering(int c) => c is 0x2028 or 0x2029 or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);
}
