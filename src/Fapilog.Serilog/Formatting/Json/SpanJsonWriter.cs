using System;
using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Writes a JSON line into one span taken from an <see cref="IBufferWriter{T}"/>, keeping its own position,
/// so the fixed parts of a line cost a copy each instead of an interface call pair (<c>GetSpan</c>/<c>Advance</c>).
/// Values that need escaping or structure go through the scratch <see cref="Utf8JsonWriter"/>, borrowed with
/// <see cref="BorrowJson"/>: the bytes so far go to the output, the borrowed writer appends, and the loan's
/// <c>Dispose</c> flushes it, so the next write here takes a fresh span after its bytes.
/// <see cref="Complete"/> must end every line.
/// </summary>
internal ref struct SpanJsonWriter
{
    private const int MinimumSpan = 512;

    // Bytes a JSON string cannot carry as they are (controls, quote, backslash, DEL), plus every non-ASCII byte,
    // which the escaping writer decides about (it escapes some non-ASCII characters).
    private static readonly SearchValues<byte> NeedsWriter = SearchValues.Create(BuildNeedsWriter());

    private readonly IBufferWriter<byte> _output;
    private readonly Utf8JsonWriter _json;
    private Span<byte> _span;
    private int _position;

    /// <param name="output">Where the line goes.</param>
    /// <param name="json">The escaping writer lent out by <see cref="BorrowJson"/> (the scratch's); this writer owns it for the line.</param>
    public SpanJsonWriter(IBufferWriter<byte> output, Utf8JsonWriter json)
    {
        _output = output;
        _json = json;
        _span = output.GetSpan(MinimumSpan);
        _position = 0;
    }

    /// <summary>At least <paramref name="size"/> free bytes at the current position; write, then <see cref="Advance"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Free(int size)
    {
        if (_span.Length - _position < size)
        {
            Renew(size);
        }

        return _span[_position..];
    }

    public void Advance(int count) => _position += count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Literal(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Free(bytes.Length));
        _position += bytes.Length;
    }

    /// <summary>Writes a block's bytes by copying all of its <see cref="Utf8Block.Size"/> bytes (the padding is overwritten next).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Block(in Utf8Block block)
    {
        block.Padded.CopyTo(Free(Utf8Block.Size));
        _position += block.Length;
    }

    public void Byte(byte value)
    {
        Free(1)[0] = value;
        _position++;
    }

    /// <summary>A name table entry's <c>"name":</c>: a short one as a block, a long one as its bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Key(NameEntry entry)
    {
        if (entry.ShortKey.Length != 0)
        {
            Block(entry.ShortKey);
        }
        else
        {
            Literal(entry.Key);
        }
    }

    /// <summary>An object key and its colon: <c>"name":</c>, the name already escaped.</summary>
    public void Key(JsonEncodedText name)
    {
        var bytes = name.EncodedUtf8Bytes;
        var span = Free(bytes.Length + 3);
        span[0] = (byte)'"';
        bytes.CopyTo(span[1..]);
        span[bytes.Length + 1] = (byte)'"';
        span[bytes.Length + 2] = (byte)':';
        _position += bytes.Length + 3;
    }

    /// <summary>Writes UTF-8 text as a JSON string, escaping through the borrowed writer when it has to.</summary>
    public void String(ReadOnlySpan<byte> utf8)
    {
        if (!IsPlain(utf8))
        {
            using var json = BorrowJson();
            json.Writer.WriteStringValue(utf8);
            return;
        }

        var span = Free(utf8.Length + 2);
        span[0] = (byte)'"';
        utf8.CopyTo(span[1..]);
        span[utf8.Length + 1] = (byte)'"';
        _position += utf8.Length + 2;
    }

    /// <summary>Writes text as a JSON string: plain printable ASCII is copied, anything else is escaped by the borrowed writer.</summary>
    public void String(string text)
    {
        if (text.Length <= SafeText.MaxStringLength)
        {
            var span = Free(text.Length + 2);
            if (TryCopyPlainAscii(text, span[1..]))
            {
                span[0] = (byte)'"';
                span[text.Length + 1] = (byte)'"';
                _position += text.Length + 2;
                return;
            }
        }

        using var json = BorrowJson();
        json.Writer.WriteStringValue(SafeText.Limit(text));
    }

    /// <summary>Writes a UUID as a JSON string in its 36-character form.</summary>
    public void String(Guid value) => Utf8Formatter.TryFormat(value, Quoted(36), out _);

    /// <summary>Writes a trace id as a JSON string of 32 lower-case hex digits.</summary>
    public void String(ActivityTraceId value) => Utf8Primitives.WriteHex(value, Quoted(32));

    /// <summary>Writes a span id as a JSON string of 16 lower-case hex digits.</summary>
    public void String(ActivitySpanId value) => Utf8Primitives.WriteHex(value, Quoted(16));

    /// <summary>
    /// Writes the quotes of a JSON string whose text is exactly <paramref name="length"/> bytes that need no
    /// escaping (digits, hex, a timestamp), and returns the span between them for the caller to fill.
    /// </summary>
    public Span<byte> Quoted(int length)
    {
        var span = Free(length + 2);
        span[0] = (byte)'"';
        span[length + 1] = (byte)'"';
        _position += length + 2;
        return span.Slice(1, length);
    }

    public void Number(long value)
    {
        Utf8Formatter.TryFormat(value, Free(20), out int written);
        _position += written;
    }

    public void Number(ulong value)
    {
        Utf8Formatter.TryFormat(value, Free(20), out int written);
        _position += written;
    }

    /// <summary>A decimal as a JSON number, exactly as <see cref="Utf8JsonWriter"/> writes it.</summary>
    public void Number(decimal value)
    {
        Utf8Formatter.TryFormat(value, Free(32), out int written);
        _position += written;
    }

    /// <summary>A finite double as a JSON number, exactly as <see cref="Utf8JsonWriter"/> writes it.</summary>
    public void Number(double value)
    {
        ShortDouble.TryFormat(value, Free(32), out int written);
        _position += written;
    }

    /// <summary>
    /// Hands what was written to the output and lends the escaping writer, appending to it. Only the loan writes
    /// until it is disposed (<c>using</c>), which flushes it; the next write here then starts after its bytes.
    /// </summary>
    public BorrowedJsonWriter BorrowJson()
    {
        Commit();
        _json.Reset(_output);
        return new BorrowedJsonWriter(_json);
    }

    /// <summary>Hands the rest of the line to the output.</summary>
    public void Complete() => Commit();

    /// <summary>
    /// Copies <paramref name="text"/> as ASCII bytes when every character is printable ASCII other than a quote or a
    /// backslash (so it needs no JSON escaping). <paramref name="destination"/> must hold <c>text.Length</c> bytes.
    /// </summary>
    public static bool TryCopyPlainAscii(ReadOnlySpan<char> text, Span<byte> destination)
    {
        // Vectorised validation and narrowing first; the scan for quote and backslash then runs over bytes.
        if (Ascii.FromUtf16(text, destination, out int written) != OperationStatus.Done)
        {
            return false;
        }

        return IsPlain(destination[..written]);
    }

    /// <summary>Whether UTF-8 <paramref name="utf8"/> is printable ASCII other than a quote or a backslash: a JSON string carries it as it is.</summary>
    public static bool IsPlain(ReadOnlySpan<byte> utf8) => utf8.IndexOfAny(NeedsWriter) < 0;

    private void Commit()
    {
        _output.Advance(_position);
        _span = default;
        _position = 0;
    }

    private void Renew(int size)
    {
        // A write while the escaping writer is lent out would land before its unflushed bytes. (After a loan the
        // span is empty, so the first write here always comes through this check.)
        Invariants.Holds(_json.BytesPending == 0, "nothing is written to a line while its JSON writer is borrowed");
        _output.Advance(_position);
        _span = _output.GetSpan(Math.Max(size, MinimumSpan));
        _position = 0;
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
