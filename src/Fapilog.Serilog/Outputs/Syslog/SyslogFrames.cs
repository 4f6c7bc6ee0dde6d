using System;
using System.Buffers;
using System.Buffers.Text;

namespace Fapilog.Serilog.Outputs.Syslog;

/// <summary>
/// The framing of the syslog transports: octet counting for TCP and TLS (RFC 6587, RFC 5425: <c>MSG-LEN SP
/// SYSLOG-MSG</c>) and the size limit of a UDP datagram (RFC 5426).
/// </summary>
internal static class SyslogFrames
{
    /// <summary>The message of a record: the formatter's bytes without their line break.</summary>
    public static ReadOnlySpan<byte> Message(ReadOnlySpan<byte> record) =>
        record.Length > 0 && record[^1] == (byte)'\n' ? record[..^1] : record;

    /// <summary>Appends one octet-counted frame: the message's length in bytes, a space, the message.</summary>
    public static void AppendOctetCounted(ReadOnlySpan<byte> message, IBufferWriter<byte> output)
    {
        var digits = output.GetSpan(11);
        Utf8Formatter.TryFormat(message.Length, digits, out int written);
        digits[written++] = (byte)' ';
        output.Advance(written);
        message.CopyTo(output.GetSpan(message.Length));
        output.Advance(message.Length);
    }

    /// <summary>
    /// The datagram of a message within <paramref name="limit"/> bytes: the message as it is when it fits; otherwise its
    /// first bytes, cut before a UTF-8 sequence that would not fit whole. When the header and the structured data alone
    /// reach the limit, the structured data is replaced with <c>-</c> first, so that what arrives still parses.
    /// </summary>
    public static ReadOnlySpan<byte> Datagram(ReadOnlySpan<byte> message, int limit, byte[] scratch)
    {
        if (message.Length <= limit)
        {
            return message;
        }

        int sdStart = StructuredDataStart(message);
        int sdEnd = sdStart < 0 ? -1 : StructuredDataEnd(message, sdStart);
        if (sdEnd < 0 || sdEnd + 1 < limit || sdStart + 1 >= limit)
        {
            return message[..Utf8Boundary(message, limit)];
        }

        // The header, a NILVALUE for the structured data, then as much of the message as fits.
        int written = 0;
        message[..sdStart].CopyTo(scratch);
        written += sdStart;
        scratch[written++] = (byte)'-';
        var rest = message[sdEnd..];
        int room = Math.Min(rest.Length, limit - written);
        int cut = Utf8Boundary(rest, room);
        rest[..cut].CopyTo(scratch.AsSpan(written));
        return scratch.AsSpan(0, written + cut);
    }

    /// <summary>The index of the structured data: after the sixth space of the header, or -1.</summary>
    internal static int StructuredDataStart(ReadOnlySpan<byte> message)
    {
        int index = 0;
        for (int spaces = 0; spaces < 6; spaces++)
        {
            int next = message[index..].IndexOf((byte)' ');
            if (next < 0)
            {
                return -1;
            }

            index += next + 1;
        }

        return index;
    }

    /// <summary>The index just past the structured data that starts at <paramref name="start"/>, or -1 when it does not end.</summary>
    internal static int StructuredDataEnd(ReadOnlySpan<byte> message, int start)
    {
        if (start < message.Length && message[start] == (byte)'-')
        {
            return start + 1;
        }

        int i = start;
        while (i < message.Length && message[i] == (byte)'[')
        {
            bool quoted = false;
            for (i++; i < message.Length; i++)
            {
                byte b = message[i];
                if (quoted && b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    quoted = !quoted;
                }
                else if (!quoted && b == (byte)']')
                {
                    break;
                }
            }

            if (i >= message.Length)
            {
                return -1;
            }

            i++;
        }

        return i == start ? -1 : i;
    }

    /// <summary>The largest length up to <paramref name="limit"/> that does not cut a UTF-8 sequence.</summary>
    internal static int Utf8Boundary(ReadOnlySpan<byte> text, int limit)
    {
        if (limit >= text.Length)
        {
            return text.Length;
        }

        int cut = limit;
        while (cut > 0 && (text[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return cut;
    }
}
