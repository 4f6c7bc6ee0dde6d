using System;
using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Writes JSON pieces straight into an <see cref="IBufferWriter{T}"/>: pre-encoded literals (keys with their
/// punctuation) and strings. A string of plain printable ASCII, the usual case in logs, is copied between
/// quotes; anything else goes through <see cref="Utf8JsonWriter"/> as a root value, so escaping is exactly
/// the formatters' usual one. Why: on the writer thread every nanosecond per event is throughput, and
/// <see cref="Utf8JsonWriter"/> spends tens of nanoseconds per property on bookkeeping a fixed shape does not need.
/// </summary>
internal static class RawJson
{
    // Bytes that a JSON string cannot carry as they are (controls, quote, backslash, DEL), plus every
    // non-ASCII byte, which the escaping writer decides about (it escapes some non-ASCII characters).
    internal static readonly SearchValues<byte> NeedsWriter = SearchValues.Create(BuildNeedsWriter());

    public static void Literal(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    /// <summary>Writes UTF-8 text as a JSON string.</summary>
    public static void String(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8, Utf8JsonWriter writer)
    {
        if (utf8.IndexOfAny(NeedsWriter) >= 0)
        {
            writer.Reset(output);
            writer.WriteStringValue(utf8);
            writer.Flush();
            return;
        }

        var span = output.GetSpan(utf8.Length + 2);
        span[0] = (byte)'"';
        utf8.CopyTo(span[1..]);
        span[utf8.Length + 1] = (byte)'"';
        output.Advance(utf8.Length + 2);
    }

    /// <summary>Writes UTF-16 text as a JSON string.</summary>
    public static void String(IBufferWriter<byte> output, string text, Utf8JsonWriter writer)
    {
        var chars = text.AsSpan();
        if (!IsPlainAscii(chars))
        {
            writer.Reset(output);
            writer.WriteStringValue(chars);
            writer.Flush();
            return;
        }

        var span = output.GetSpan(chars.Length + 2);
        span[0] = (byte)'"';
        Ascii.FromUtf16(chars, span[1..], out int written); // checked above: printable ASCII only
        span[written + 1] = (byte)'"';
        output.Advance(written + 2);
    }

    /// <summary>Writes a UUID as a JSON string in its 36-character form.</summary>
    public static void String(IBufferWriter<byte> output, Guid value)
    {
        var span = output.GetSpan(38);
        span[0] = (byte)'"';
        Utf8Formatter.TryFormat(value, span[1..], out int written);
        span[written + 1] = (byte)'"';
        output.Advance(written + 2);
    }

    // A plain loop: these strings are short (names, ids), and it allocates nothing on any runtime
    // configuration (IndexOfAnyExceptInRange was seen allocating per call under the test host).
    private static bool IsPlainAscii(ReadOnlySpan<char> chars)
    {
        foreach (char c in chars)
        {
            if (c < ' ' || c > '~' || c == '"' || c == '\\')
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] BuildNeedsWriter()
    {
        var bytes = new System.Collections.Generic.List<byte>();
        for (int b = 0; b < 256; b++)
        {
            if (b < 0x20 || b == '"' || b == '\\' || b >= 0x7F)
            {
                bytes.Add((byte)b);
            }
        }

        return bytes.ToArray();
    }
}
