using System;
using System.Globalization;
using System.Text;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// Makes text safe for one console line: line breaks, ESC (so no ANSI sequence from a value reaches the
/// terminal), every other C0/C1 control and the bidirectional overrides become visible escapes, so that a logged
/// value can neither start a forged log line nor recolour or reorder what follows it.
/// </summary>
/// <remarks>A backslash is left alone (Windows paths stay readable); an escape is therefore visible but not reversible.</remarks>
internal static class ConsoleEscaper
{
    public static void Append(StringBuilder line, string text) => Append(line, text.AsSpan());

    public static void Append(StringBuilder line, StringBuilder text)
    {
        foreach (var chunk in text.GetChunks())
        {
            Append(line, chunk.Span);
        }
    }

    public static void Append(StringBuilder line, ReadOnlySpan<char> text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (!NeedsEscape(c))
            {
                continue;
            }

            line.Append(text[start..i]);
            start = i + 1;
            switch (c)
            {
                case '\n': line.Append("\\n"); break;
                case '\r': line.Append("\\r"); break;
                case '\t': line.Append("\\t"); break;
                default:
                    line.Append(c <= 0xFF ? "\\x" : "\\u").Append(((int)c).ToString(c <= 0xFF ? "X2" : "X4", CultureInfo.InvariantCulture));
                    break;
            }
        }

        line.Append(text[start..]);
    }

    internal static bool NeedsEscape(char c)
        => c < 0x20 || (c >= 0x7F && c <= 0x9F)
            || c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
            || (c >= '\u2066' && c <= '\u2069') || c == '\u2028' || c == '\u2029';
}
