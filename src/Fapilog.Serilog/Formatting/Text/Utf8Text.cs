using System;
using System.Globalization;
using System.Text;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// A growable UTF-8 scratch buffer, reused across events, where messages are rendered before they are
/// written as one JSON string. Never shared between threads (it lives in a <see cref="FormatterScratch"/>).
/// </summary>
internal sealed class Utf8Text
{
    private const int InitialSize = 512;

    // A huge message must not pin a huge buffer for the life of the formatter.
    private const int RetainLimit = 1 << 20;

    /// <summary>The room a single <c>TryFormat</c> may ask for; a type that wants more (or always fails) is formatted with <c>ToString</c>.</summary>
    private const int MaxFormattedLength = 1 << 20;

    private byte[] _buffer = new byte[InitialSize];

    // For text that arrives in pieces (a StringBuilder's chunks); flushed after each use, so it holds no state between them.
    private Encoder? _encoder;

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Clear()
    {
        Length = 0;
        if (_buffer.Length > RetainLimit)
        {
            _buffer = new byte[InitialSize];
        }
    }

    public void Truncate(int length) => Length = length;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Free(bytes.Length));
        Length += bytes.Length;
    }

    /// <summary>Appends UTF-16 text; lone surrogates become U+FFFD so the bytes stay valid UTF-8.</summary>
    public void Append(ReadOnlySpan<char> chars)
    {
        // (n + 1) * 3 is UTF-8's worst case for n UTF-16 units (what GetMaxByteCount returns), without its call.
        var free = Free((chars.Length + 1) * 3);

        // Most text is ASCII: a vectorised narrowing, with the general transcoder only when it stops early.
        Length += Ascii.FromUtf16(chars, free, out int written) == System.Buffers.OperationStatus.Done
            ? written
            : Encoding.UTF8.GetBytes(chars, free);
    }

    public void Append(string? text) => Append(text.AsSpan());

    /// <summary>
    /// Appends a <see cref="StringBuilder"/>'s text chunk by chunk. A surrogate pair can straddle two chunks, so
    /// the chunks go through one stateful encoder: a pair split between them is still written as one character.
    /// </summary>
    public void Append(StringBuilder text)
    {
        var encoder = _encoder ??= Encoding.UTF8.GetEncoder();
        foreach (var chunk in text.GetChunks())
        {
            // + 1: a high surrogate held back from the previous chunk is written with this one.
            encoder.Convert(chunk.Span, Free((chunk.Length + 1) * 3), flush: false, out _, out int written, out _);
            Length += written;
        }

        encoder.Convert(ReadOnlySpan<char>.Empty, Free(3), flush: true, out _, out int rest, out _);
        Length += rest;
    }

    public void Append(byte ascii)
    {
        Free(1)[0] = ascii;
        Length++;
    }

    /// <summary>
    /// Formats a value in the invariant culture without a UTF-16 intermediate. False, with nothing appended,
    /// when <c>TryFormat</c> throws (a bad format string, a user type) or keeps asking for room past
    /// <see cref="MaxFormattedLength"/>: the caller then takes the UTF-16 route, as Serilog does.
    /// </summary>
    public bool TryAppendFormatted<T>(T value, ReadOnlySpan<char> format)
        where T : IUtf8SpanFormattable
    {
        try
        {
            for (int size = 64; size <= MaxFormattedLength; size *= 4)
            {
                if (value.TryFormat(Free(size), out int written, format, CultureInfo.InvariantCulture))
                {
                    Length += written;
                    return true;
                }
            }
        }
#pragma warning disable CA1031 // TryFormat is user code for user types; the caller falls back to ToString.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return false;
    }

    /// <summary>An integer in its plain decimal form (what <c>ToString(null, InvariantCulture)</c> gives).</summary>
    public void AppendInteger(long value)
    {
        System.Buffers.Text.Utf8Formatter.TryFormat(value, Free(20), out int written);
        Length += written;
    }

    /// <summary>A double as the invariant culture's shortest round-trip text (<see cref="ShortDouble"/>).</summary>
    public void AppendDouble(double value)
    {
        ShortDouble.TryFormat(value, Free(32), out int written);
        Length += written;
    }

    /// <summary>
    /// Pads what was appended since <paramref name="start"/> to <paramref name="width"/> UTF-16 characters,
    /// the unit Serilog's alignment counts in.
    /// </summary>
    public void Pad(int start, int width, bool leftAlign)
    {
        int chars = CountUtf16(_buffer.AsSpan(start, Length - start));
        int pad = width - chars;
        if (pad <= 0)
        {
            return;
        }

        Free(pad);
        if (!leftAlign)
        {
            _buffer.AsSpan(start, Length - start).CopyTo(_buffer.AsSpan(start + pad));
            _buffer.AsSpan(start, pad).Fill((byte)' ');
        }
        else
        {
            _buffer.AsSpan(Length, pad).Fill((byte)' ');
        }

        Length += pad;
    }

    private static int CountUtf16(ReadOnlySpan<byte> utf8)
    {
        int count = 0;
        foreach (byte b in utf8)
        {
            if ((b & 0xC0) != 0x80)
            {
                count += b >= 0xF0 ? 2 : 1;
            }
        }

        return count;
    }

    private Span<byte> Free(int size)
    {
        if (_buffer.Length - Length < size)
        {
            long wanted = Math.Max((long)_buffer.Length * 2, (long)Length + size);
            Array.Resize(ref _buffer, (int)Math.Min(wanted, Array.MaxLength));
        }

        return _buffer.AsSpan(Length);
    }
}
