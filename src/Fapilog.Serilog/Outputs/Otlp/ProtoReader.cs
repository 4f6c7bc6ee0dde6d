using System;
using System.Text;

namespace Fapilog.Serilog.Outputs.Otlp;

/// <summary>
/// Finds one field in a protobuf message: all the OTLP output reads of a collector's answers (a partial success, an
/// error status). Lenient by design: a malformed or truncated message yields nothing rather than an exception, since
/// the answer's status has already said what happened.
/// </summary>
internal static class ProtoReader
{
    /// <summary>The bytes of the first length-delimited field <paramref name="field"/>, or empty.</summary>
    public static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> message, int field) =>
        Find(message, field, ProtoWriter.WireLength, out var bytes, out _) ? bytes : default;

    /// <summary>The first varint field <paramref name="field"/>, or 0.</summary>
    public static long Varint(ReadOnlySpan<byte> message, int field) =>
        Find(message, field, ProtoWriter.WireVarint, out _, out ulong value) ? unchecked((long)value) : 0;

    /// <summary>The first string field <paramref name="field"/> (invalid UTF-8 replaced), or null.</summary>
    public static string? String(ReadOnlySpan<byte> message, int field) =>
        Find(message, field, ProtoWriter.WireLength, out var bytes, out _) ? Encoding.UTF8.GetString(bytes) : null;

    private static bool Find(ReadOnlySpan<byte> message, int field, int wireType, out ReadOnlySpan<byte> bytes, out ulong value)
    {
        bytes = default;
        value = 0;
        int at = 0;
        while (at < message.Length)
        {
            if (!ReadVarint(message, ref at, out ulong tag))
            {
                return false;
            }

            int type = (int)(tag & 7);
            bool match = (long)(tag >> 3) == field && type == wireType;
            switch (type)
            {
                case ProtoWriter.WireVarint:
                    if (!ReadVarint(message, ref at, out ulong v))
                    {
                        return false;
                    }

                    if (match)
                    {
                        value = v;
                        return true;
                    }

                    break;
                case ProtoWriter.WireFixed64:
                    at += 8;
                    break;
                case ProtoWriter.WireFixed32:
                    at += 4;
                    break;
                case ProtoWriter.WireLength:
                    if (!ReadVarint(message, ref at, out ulong length) || length > (ulong)(message.Length - at))
                    {
                        return false;
                    }

                    if (match)
                    {
                        bytes = message.Slice(at, (int)length);
                        return true;
                    }

                    at += (int)length;
                    break;
                default:
                    return false; // groups (deprecated) or garbage
            }
        }

        return false;
    }

    private static bool ReadVarint(ReadOnlySpan<byte> message, ref int at, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && at < message.Length; shift += 7)
        {
            byte b = message[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
