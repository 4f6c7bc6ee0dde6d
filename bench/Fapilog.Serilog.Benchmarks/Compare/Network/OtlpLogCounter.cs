using System;

namespace Fapilog.Serilog.Benchmarks.Compare.Network;

/// <summary>
/// Counts the log records in an OTLP <c>ExportLogsServiceRequest</c> (protobuf) without decoding them: it walks the
/// message's fields, descending only into <c>resource_logs</c> (field 1) and their <c>scope_logs</c> (field 2), and
/// counts each <c>log_records</c> entry (field 2 of a <c>ScopeLogs</c>). Every other field is skipped by its wire
/// type. A body that is not well-formed protobuf gives -1.
/// </summary>
internal static class OtlpLogCounter
{
    private const int Varint = 0, Fixed64 = 1, Length = 2, Fixed32 = 5;

    public static long Count(ReadOnlySpan<byte> request)
    {
        long records = 0;
        int at = 0;
        while (at < request.Length)
        {
            if (!Field(request, ref at, out int field, out var value))
            {
                return -1;
            }

            if (field == 1 && !value.IsEmpty && !CountResourceLogs(value, ref records))
            {
                return -1;
            }
        }

        return records;
    }

    private static bool CountResourceLogs(ReadOnlySpan<byte> resourceLogs, ref long records)
    {
        int at = 0;
        while (at < resourceLogs.Length)
        {
            if (!Field(resourceLogs, ref at, out int field, out var value))
            {
                return false;
            }

            if (field == 2)
            {
                // ScopeLogs: field 2 is one LogRecord; count them without looking inside.
                int inner = 0;
                while (inner < value.Length)
                {
                    if (!Field(value, ref inner, out int scopeField, out _))
                    {
                        return false;
                    }

                    if (scopeField == 2)
                    {
                        records++;
                    }
                }
            }
        }

        return true;
    }

    /// <summary>Reads one field at <paramref name="at"/>: its number, and for a length-delimited one its bytes (empty otherwise).</summary>
    private static bool Field(ReadOnlySpan<byte> data, ref int at, out int field, out ReadOnlySpan<byte> value)
    {
        value = default;
        field = 0;
        if (!ReadVarint(data, ref at, out ulong tag))
        {
            return false;
        }

        field = (int)(tag >> 3);
        switch ((int)(tag & 7))
        {
            case Varint:
                return ReadVarint(data, ref at, out _);
            case Fixed64:
                at += 8;
                return at <= data.Length;
            case Fixed32:
                at += 4;
                return at <= data.Length;
            case Length:
                if (!ReadVarint(data, ref at, out ulong length) || length > (ulong)(data.Length - at))
                {
                    return false;
                }

                value = data.Slice(at, (int)length);
                at += (int)length;
                return true;
            default:
                return false;
        }
    }

    private static bool ReadVarint(ReadOnlySpan<byte> data, ref int at, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && at < data.Length; shift += 7)
        {
            byte b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
