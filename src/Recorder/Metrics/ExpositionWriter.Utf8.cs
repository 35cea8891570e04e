using System.Buffers;
using System.Globalization;
using System.Text.Unicode;

namespace SeccompRecorder.Metrics;

/// <summary>The bytes: UTF-8 without a BOM, escaping, numbers.</summary>
internal sealed partial class ExpositionWriter
{
    private static void AppendEscaped(ArrayBufferWriter<byte> output, ReadOnlySpan<char> text, SearchValues<char> escapes)
    {
        while (true)
        {
            int special = text.IndexOfAny(escapes);
            if (special < 0)
            {
                AppendUtf8(output, text);
                return;
            }

            AppendUtf8(output, text[..special]);
            Append(output, text[special] switch
            {
                '\\' => @"\\"u8,
                '"' => "\\\""u8,
                _ => @"\n"u8,
            });
            text = text[(special + 1)..];
        }
    }

    /// <summary>Integers below 1e15 as digits (what the round-trip format writes for them too), the rest as <see cref="PrometheusText.FormatDouble"/>.</summary>
    private void AppendValue(double value)
    {
        if (Math.Abs(value) < 1e15 && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value)))
        {
            Span<byte> digits = _out.GetSpan(20);
            if (((long)value).TryFormat(digits, out int written, default, CultureInfo.InvariantCulture))
            {
                _out.Advance(written);
                return;
            }
        }

        AppendAscii(PrometheusText.FormatDouble(value));
    }

    private void AppendAscii(string text) => AppendUtf8(_out, text);

    private static void Append(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    /// <summary>UTF-8 without a BOM; a lone surrogate becomes U+FFFD (escape characters are ASCII, so a pair is never cut).</summary>
    private static void AppendUtf8(ArrayBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        // At most 3 bytes per UTF-16 code unit (a surrogate pair is 4 bytes for 2).
        Span<byte> span = output.GetSpan(text.Length * 3);
        Utf8.FromUtf16(text, span, out _, out int written, replaceInvalidSequences: true, isFinalBlock: true);
        output.Advance(written);
    }
}
