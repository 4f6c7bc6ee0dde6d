using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Fapilog.Serilog.Delivery.Spool;

/// <summary>
/// One event on disk: a 24-byte header (payload length, flags, sequence number, checksum) and the event's record
/// bytes. The checksum covers the header's first 16 bytes and the payload, so a record half-written before a power
/// loss, or bytes a crash left as zeros, read as the end of the spool rather than as an event.
/// </summary>
/// <remarks>
/// Layout, little-endian: <c>u32 length</c>, <c>u32 flags</c> (bit 0: protected), <c>u64 sequence</c>,
/// <c>u64 checksum</c>, then <c>length</c> bytes. A process kill cannot tear a record: each publication is one write.
/// </remarks>
internal static class SpoolRecord
{
    public const int HeaderSize = 24;

    /// <summary>The largest payload a record may carry; a longer length in a header is corruption.</summary>
    public const int MaxPayload = 64 * 1024 * 1024;

    private const uint ProtectedFlag = 1;

    public static int SizeOf(int payload) => HeaderSize + payload;

    /// <summary>Writes the record into <paramref name="destination"/> (exactly <see cref="SizeOf"/> bytes).</summary>
    public static void Write(Span<byte> destination, ReadOnlySpan<byte> payload, bool isProtected, long sequence)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], isProtected ? ProtectedFlag : 0);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], sequence);
        payload.CopyTo(destination[HeaderSize..]);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], Checksum(destination[..16], payload));
    }

    /// <summary>
    /// Reads the header at the start of <paramref name="source"/>; false when it is not the start of a whole, intact
    /// record (too short, a length out of range, a checksum that does not match).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out int payloadLength, out bool isProtected, out long sequence)
    {
        payloadLength = 0;
        isProtected = false;
        sequence = 0;
        if (source.Length < HeaderSize)
        {
            return false;
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(source);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
        if (length > MaxPayload || (flags & ~ProtectedFlag) != 0 || source.Length < HeaderSize + (int)length)
        {
            return false;
        }

        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(source[16..]);
        if (stored != Checksum(source[..16], source.Slice(HeaderSize, (int)length)))
        {
            return false;
        }

        payloadLength = (int)length;
        isProtected = (flags & ProtectedFlag) != 0;
        sequence = BinaryPrimitives.ReadInt64LittleEndian(source[8..]);
        return true;
    }

    /// <summary>The header's declared payload length, without checking it (to know how much more to read).</summary>
    public static int DeclaredLength(ReadOnlySpan<byte> header)
    {
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        return length > MaxPayload ? -1 : (int)length;
    }

    /// <summary>A fast 64-bit checksum (word-wise multiply-mix): for detecting damage, not tampering.</summary>
    internal static ulong Checksum(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload)
    {
        ulong h = 0x9E3779B97F4A7C15UL ^ (ulong)payload.Length;
        h = Mix(h, header);
        return Finish(Mix(h, payload));
    }

    private static ulong Mix(ulong h, ReadOnlySpan<byte> bytes)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (ulong w in words)
        {
            h = (h ^ (w * 0xC2B2AE3D27D4EB4FUL)) * 0x9E3779B97F4A7C15UL;
            h = (h << 27) | (h >> 37);
        }

        ulong tail = 0;
        var rest = bytes[(words.Length * 8)..];
        for (int i = 0; i < rest.Length; i++)
        {
            tail |= (ulong)rest[i] << (8 * i);
        }

        return (h ^ ((tail + (ulong)rest.Length) * 0xC2B2AE3D27D4EB4FUL)) * 0x9E3779B97F4A7C15UL;
    }

    private static ulong Finish(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        return h ^ (h >> 33);
    }
}
