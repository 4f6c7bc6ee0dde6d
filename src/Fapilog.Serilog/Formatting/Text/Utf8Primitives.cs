using System;
using System.Diagnostics;
using System.Text;

namespace Fapilog.Serilog.Formatting;

/// <summary>Fixed-shape values written byte by byte: cheaper than general formatting and allocation-free.</summary>
internal static class Utf8Primitives
{
    /// <summary>The envelope's <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, always UTC: 24 bytes.</summary>
    public static void WriteEnvelopeTimestamp(DateTimeOffset timestamp, Span<byte> destination)
    {
        var t = timestamp.UtcDateTime;
        Digits(destination, 0, t.Year, 4);
        destination[4] = (byte)'-';
        Digits(destination, 5, t.Month, 2);
        destination[7] = (byte)'-';
        Digits(destination, 8, t.Day, 2);
        destination[10] = (byte)'T';
        Digits(destination, 11, t.Hour, 2);
        destination[13] = (byte)':';
        Digits(destination, 14, t.Minute, 2);
        destination[16] = (byte)':';
        Digits(destination, 17, t.Second, 2);
        destination[19] = (byte)'.';
        Digits(destination, 20, t.Millisecond, 3);
        destination[23] = (byte)'Z';
    }

    /// <summary>Writes two decimal digits (0–99).</summary>
    public static void TwoDigits(Span<byte> destination, int offset, int value)
    {
        destination[offset] = (byte)('0' + (value / 10));
        destination[offset + 1] = (byte)('0' + (value % 10));
    }

    /// <summary>32 lower-case hex digits: the id's own text (an Activity id keeps it), narrowed to bytes.</summary>
    public static void WriteHex(ActivityTraceId id, Span<byte> destination) => Ascii.FromUtf16(id.ToHexString(), destination, out _);

    /// <summary>16 lower-case hex digits.</summary>
    public static void WriteHex(ActivitySpanId id, Span<byte> destination) => Ascii.FromUtf16(id.ToHexString(), destination, out _);

    private static void Digits(Span<byte> destination, int offset, int value, int count)
    {
        for (int i = offset + count - 1; i >= offset; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
