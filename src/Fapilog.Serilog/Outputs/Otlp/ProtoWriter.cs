using System;
using System.Buffers.Binary;
using System.Text;

namespace Fapilog.Serilog.Outputs.Otlp;

/// <summary>
/// The few protocol buffers encodings the fixed OTLP logs schema needs (varints, fixed64, length-delimited strings,
/// bytes and nested messages), written into one reused buffer. Hand-written so that the core package needs no
/// protobuf library: the schema is small and does not change shape.
/// </summary>
/// <remarks>
/// A nested message is written in place: <see cref="BeginMessage"/> writes its tag and reserves one byte for its
/// length, <see cref="EndMessage"/> writes the length and, when it needs more than one byte (128 bytes or more),
/// moves the message right to make room. Lengths stay minimal varints, as every encoder writes them, for the price of
/// one copy of a large nested message per level. Not thread-safe: owned by one formatter on the writer thread.
/// </remarks>
internal sealed class ProtoWriter
{
    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLength = 2;
    public const int WireFixed32 = 5;

    private const int InitialSize = 1024;

    // A huge event must not pin a huge buffer for the life of the output.
    private const int RetainLimit = 1 << 20;

    private byte[] _buffer = new byte[InitialSize];

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

    /// <summary>The size of <paramref name="value"/> as a varint: 1 to 10 bytes.</summary>
    public static int VarintSize(ulong value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>Writes <paramref name="value"/> as a varint at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int WriteVarint(Span<byte> destination, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    public void Tag(int field, int wireType) => Varint(((uint)field << 3) | (uint)wireType);

    public void Varint(ulong value) => Length += WriteVarint(Free(10), value);

    public void VarintField(int field, ulong value)
    {
        Tag(field, WireVarint);
        Varint(value);
    }

    public void Fixed64Field(int field, ulong value)
    {
        Tag(field, WireFixed64);
        BinaryPrimitives.WriteUInt64LittleEndian(Free(8), value);
        Length += 8;
    }

    public void DoubleField(int field, double value) => Fixed64Field(field, BitConverter.DoubleToUInt64Bits(value));

    /// <summary>A length-delimited field of raw bytes (<c>bytes</c>, or a string already in UTF-8).</summary>
    public void BytesField(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireLength);
        Varint((ulong)value.Length);
        value.CopyTo(Free(value.Length));
        Length += value.Length;
    }

    /// <summary>A string field; lone surrogates become U+FFFD, so the bytes are valid UTF-8 as protobuf requires.</summary>
    public void StringField(int field, ReadOnlySpan<char> value)
    {
        Tag(field, WireLength);
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        int lengthSize = VarintSize((ulong)max);

        // The length goes first but is known only after transcoding: reserve room for the largest length, transcode
        // after it, then close the gap when the actual length is shorter.
        var free = Free(lengthSize + max);
        int written = Encoding.UTF8.GetBytes(value, free[lengthSize..]);
        int actualSize = WriteVarint(free, (ulong)written);
        if (actualSize < lengthSize)
        {
            free.Slice(lengthSize, written).CopyTo(free[actualSize..]);
        }

        Length += actualSize + written;
    }

    /// <summary>Starts a nested message in <paramref name="field"/>; pass the result to <see cref="EndMessage"/>.</summary>
    public int BeginMessage(int field)
    {
        Tag(field, WireLength);
        Free(1)[0] = 0;
        Length++;
        return Length;
    }

    /// <summary>Ends the nested message begun at <paramref name="start"/>, writing its length.</summary>
    public void EndMessage(int start)
    {
        int length = Length - start;
        int size = VarintSize((ulong)length);
        if (size > 1)
        {
            Free(size - 1);
            _buffer.AsSpan(start, length).CopyTo(_buffer.AsSpan(start + size - 1));
            Length += size - 1;
        }

        WriteVarint(_buffer.AsSpan(start - 1), (ulong)length);
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
